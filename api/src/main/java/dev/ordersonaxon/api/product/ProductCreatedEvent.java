package dev.ordersonaxon.api.product;

import dev.ordersonaxon.api.Money;

/** A product was listed. */
public record ProductCreatedEvent(ProductId productId, String name, Money price, int stock) {

}
