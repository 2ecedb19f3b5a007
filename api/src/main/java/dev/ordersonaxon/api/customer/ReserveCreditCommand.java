package dev.ordersonaxon.api.customer;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.order.OrderId;

/**
 * Asks to hold credit for an order; answered by CreditReserved or CreditLimitExceeded.
 */
public record ReserveCreditCommand(@TargetAggregateIdentifier CustomerId customerId, OrderId orderId, Money amount) {

}
