package dev.ordersonaxon.api.customer;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import dev.ordersonaxon.api.order.OrderId;

/** Gives back the credit an order holds; releasing what is not held changes nothing. */
public record ReleaseCreditCommand(@TargetAggregateIdentifier CustomerId customerId, OrderId orderId) {

}
