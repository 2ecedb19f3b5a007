package dev.ordersonaxon.api.product;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import dev.ordersonaxon.api.order.OrderId;

/** Gives back the stock an order holds; releasing what is not held changes nothing. */
public record ReleaseStockCommand(@TargetAggregateIdentifier ProductId productId, OrderId orderId) {

}
