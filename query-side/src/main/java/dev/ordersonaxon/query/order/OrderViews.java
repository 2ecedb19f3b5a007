package dev.ordersonaxon.query.order;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderStatus;
import dev.ordersonaxon.api.order.OrderView;

/** Where the order views are kept. */
interface OrderViews {

	Optional<OrderView> find(OrderId orderId);

	/** The views of the orders that have one, by order. */
	Map<OrderId, OrderView> findAll(Collection<OrderId> orderIds);

	void save(OrderView view);

	/**
	 * Page {@code page} of the orders, newest first, with their total; a null filter
	 * matches every order.
	 */
	OrderListing page(CustomerId customerId, OrderStatus status, int page, int size);

	/** The orders after the given one, newest first, not counted. */
	OrderListing after(CustomerId customerId, OrderStatus status, OrderListing.Key after, int size);

	/**
	 * The customer's orders changed at or after {@code since}, oldest change first, at
	 * most {@code limit}.
	 */
	List<OrderView> changedSince(CustomerId customerId, Instant since, int limit);

	/** The customer's pending orders, oldest first, at most {@code limit}. */
	List<OrderView> pending(CustomerId customerId, int limit);

	/**
	 * Starts the views over, for a replay that rebuilds them from the first event: the
	 * projection's writes from now on go into an empty view, which (on PostgreSQL) the
	 * API reads only once the replay has caught up ({@code ViewTable}).
	 */
	void startRebuild();

}
