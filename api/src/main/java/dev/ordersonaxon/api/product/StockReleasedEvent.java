package dev.ordersonaxon.api.product;

import dev.ordersonaxon.api.order.OrderId;

/** Stock held for an order was given back. */
public record StockReleasedEvent(ProductId productId, OrderId orderId, int quantity) {

}
