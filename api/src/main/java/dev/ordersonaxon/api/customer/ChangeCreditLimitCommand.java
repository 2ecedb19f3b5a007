package dev.ordersonaxon.api.customer;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import dev.ordersonaxon.api.Money;

/** Sets a new credit limit; open reservations stay as they are. */
public record ChangeCreditLimitCommand(@TargetAggregateIdentifier CustomerId customerId, Money creditLimit) {

}
