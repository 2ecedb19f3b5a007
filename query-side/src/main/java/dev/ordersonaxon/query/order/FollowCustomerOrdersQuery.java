package dev.ordersonaxon.query.order;

import java.time.Instant;

import dev.ordersonaxon.api.customer.CustomerId;

/**
 * Follows every order of one customer: answered first with the customer's orders changed
 * at or after {@code since}, oldest change first, or without a time with its orders still
 * pending; at most {@code limit} of them. Each change after that is an update of the
 * subscription. Only this application sends it, so it lives here rather than in
 * {@code api}.
 */
record FollowCustomerOrdersQuery(CustomerId customerId, Instant since, int limit) {

}
