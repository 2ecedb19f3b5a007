package dev.ordersonaxon.command.customer;

record CustomerCreatedResponse(String customerId) {

}
