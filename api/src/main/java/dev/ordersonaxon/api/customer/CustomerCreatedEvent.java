package dev.ordersonaxon.api.customer;

import dev.ordersonaxon.api.Money;

/** A customer account was opened. */
public record CustomerCreatedEvent(CustomerId customerId, String name, Money creditLimit) {

}
