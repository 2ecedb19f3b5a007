package dev.ordersonaxon.api.customer;

import dev.ordersonaxon.api.Money;

/** A customer's credit limit was set to a new amount. */
public record CreditLimitChangedEvent(CustomerId customerId, Money creditLimit) {

}
