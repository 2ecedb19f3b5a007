package dev.ordersonaxon.api.product;

import dev.ordersonaxon.api.Money;

/** A product's price and stock as the read model sees it. */
public record ProductView(ProductId productId, String name, Money price, int stockAvailable, int stockReserved) {

}
