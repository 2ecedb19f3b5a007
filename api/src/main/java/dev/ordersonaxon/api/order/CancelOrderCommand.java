package dev.ordersonaxon.api.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Cancels a pending or approved order at the customer's request. */
public record CancelOrderCommand(@TargetAggregateIdentifier OrderId orderId) {

}
