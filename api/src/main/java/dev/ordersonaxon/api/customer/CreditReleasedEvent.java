package dev.ordersonaxon.api.customer;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.order.OrderId;

/** Credit held for an order was given back. */
public record CreditReleasedEvent(CustomerId customerId, OrderId orderId, Money amount) {

}
