package dev.ordersonaxon.api.customer;

/** Asks for one customer's view; answered with an optional {@link CustomerView}. */
public record FindCustomerQuery(CustomerId customerId) {

}
