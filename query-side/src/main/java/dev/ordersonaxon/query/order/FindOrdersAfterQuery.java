package dev.ordersonaxon.query.order;

import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.OrderStatus;

/**
 * Asks for the orders that follow a position in the list, newest first; a null filter
 * matches every order. Answered with an {@link OrderListing} without a total. Only this
 * application sends it, so it lives here rather than in the shared {@code api} module.
 */
record FindOrdersAfterQuery(CustomerId customerId, OrderStatus status, OrderListing.Key after, int size) {

}
