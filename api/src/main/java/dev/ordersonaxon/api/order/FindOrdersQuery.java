package dev.ordersonaxon.api.order;

import dev.ordersonaxon.api.customer.CustomerId;

/** Asks for a page of orders, newest first; a null filter matches every order. */
public record FindOrdersQuery(CustomerId customerId, OrderStatus status, int page, int size) {

}
