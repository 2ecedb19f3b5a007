package dev.ordersonaxon.api.customer;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.order.OrderId;

/** Credit for an order was refused: the amount exceeded what was available. */
public record CreditLimitExceededEvent(CustomerId customerId, OrderId orderId, Money requested, Money available) {

}
