package dev.ordersonaxon.api.product;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.order.OrderId;

/** Asks to hold stock for an order at the price the order quoted. */
public record ReserveStockCommand(@TargetAggregateIdentifier ProductId productId, OrderId orderId, int quantity,
		Money unitPrice) {

}
