package dev.ordersonaxon.api.customer;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.order.OrderId;

/** Credit was held for an order. */
public record CreditReservedEvent(CustomerId customerId, OrderId orderId, Money amount) {

}
