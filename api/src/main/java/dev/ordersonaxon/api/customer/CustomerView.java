package dev.ordersonaxon.api.customer;

import dev.ordersonaxon.api.Money;

/** A customer's credit as the read model sees it. */
public record CustomerView(CustomerId customerId, String name, Money creditLimit, Money creditReserved,
		Money creditAvailable) {

}
