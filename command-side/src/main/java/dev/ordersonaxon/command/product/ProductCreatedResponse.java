package dev.ordersonaxon.command.product;

record ProductCreatedResponse(String productId) {

}
