package dev.ordersonaxon.api.product;

import dev.ordersonaxon.api.order.OrderId;

/** Stock was held for an order. */
public record StockReservedEvent(ProductId productId, OrderId orderId, int quantity) {

}
