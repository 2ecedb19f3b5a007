package dev.ordersonaxon.api.customer;

/** Asks for a page of customers, ordered by name. */
public record FindCustomersQuery(int page, int size) {

}
