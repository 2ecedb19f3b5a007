package dev.ordersonaxon.api.customer;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import dev.ordersonaxon.api.Money;

/** Opens a customer account with a credit limit. */
public record CreateCustomerCommand(@TargetAggregateIdentifier CustomerId customerId, String name, Money creditLimit) {

}
