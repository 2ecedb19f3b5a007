package dev.ordersonaxon.api.product;

/** Stock was added to a product. */
public record ProductRestockedEvent(ProductId productId, int quantity) {

}
