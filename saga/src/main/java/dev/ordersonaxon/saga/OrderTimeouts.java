package dev.ordersonaxon.saga;

import java.time.Duration;

import dev.ordersonaxon.api.order.OrderId;

/**
 * When a pending order runs out of time. A timeout touches nothing but the order: it
 * rejects it with {@code TIMEOUT} if it is still pending, and the saga learns of that
 * from the order's rejection, on its own thread, like any other answer. So a saga's state
 * has one writer (the node holding the saga's segment), however many nodes fire timeouts,
 * and a timeout that fires twice, late, or after the order was settled changes nothing.
 */
interface OrderTimeouts {

	/**
	 * Rejects the order with {@code TIMEOUT} after the given time unless it is settled or
	 * the timeout cancelled by then. Scheduling the same order twice keeps the first.
	 */
	void schedule(OrderId orderId, Duration after);

	/**
	 * Forgets the order's timeout. Cancelling one that has fired, is firing or never
	 * existed is not an error: a timeout of a settled order does nothing.
	 */
	void cancel(OrderId orderId);

}
