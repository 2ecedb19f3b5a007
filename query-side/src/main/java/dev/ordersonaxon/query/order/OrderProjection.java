package dev.ordersonaxon.query.order;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;

import dev.ordersonaxon.api.order.FindOrderQuery;
import dev.ordersonaxon.api.order.FindOrdersQuery;
import dev.ordersonaxon.api.order.OrderApprovedEvent;
import dev.ordersonaxon.api.order.OrderCancelledEvent;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.order.OrderRejectedEvent;
import dev.ordersonaxon.api.order.OrderStatus;
import dev.ordersonaxon.api.order.OrderView;
import dev.ordersonaxon.api.order.RejectionReason;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Keeps each order's lines, total and status. */
@Component
@ProcessingGroup(OrderProjection.PROCESSING_GROUP)
@Order(OrderProjection.HANDLER_ORDER)
class OrderProjection {

	static final String PROCESSING_GROUP = "orders";

	/**
	 * Axon calls a group's handlers in bean order: a view changes before it is published.
	 */
	static final int HANDLER_ORDER = 0;

	private final OrderViews views;

	OrderProjection(OrderViews views) {
		this.views = views;
	}

	@EventHandler
	void on(OrderPlacedEvent event, @Timestamp Instant timestamp) {
		this.views.save(new OrderView(event.orderId(), event.customerId(), event.lines(), event.total(),
				OrderStatus.PENDING, null, timestamp, timestamp));
	}

	@EventHandler
	void on(OrderApprovedEvent event, @Timestamp Instant timestamp) {
		update(event.orderId(), (view) -> withStatus(view, OrderStatus.APPROVED, null, timestamp));
	}

	@EventHandler
	void on(OrderRejectedEvent event, @Timestamp Instant timestamp) {
		update(event.orderId(), (view) -> withStatus(view, OrderStatus.REJECTED, event.reason(), timestamp));
	}

	@EventHandler
	void on(OrderCancelledEvent event, @Timestamp Instant timestamp) {
		update(event.orderId(), (view) -> withStatus(view, OrderStatus.CANCELLED, null, timestamp));
	}

	@ResetHandler
	void reset() {
		this.views.startRebuild();
	}

	@QueryHandler
	Optional<OrderView> handle(FindOrderQuery query) {
		return this.views.find(query.orderId());
	}

	@QueryHandler
	OrderListing handle(FindOrdersQuery query) {
		return this.views.page(query.customerId(), query.status(), query.page(), query.size());
	}

	@QueryHandler
	OrderListing handle(FindOrdersAfterQuery query) {
		return this.views.after(query.customerId(), query.status(), query.after(), query.size());
	}

	@QueryHandler
	List<OrderView> handle(FollowCustomerOrdersQuery query) {
		return (query.since() != null) ? this.views.changedSince(query.customerId(), query.since(), query.limit())
				: this.views.pending(query.customerId(), query.limit());
	}

	private void update(OrderId orderId, UnaryOperator<OrderView> change) {
		this.views.find(orderId).map(change).ifPresent(this.views::save);
	}

	private static OrderView withStatus(OrderView view, OrderStatus status, RejectionReason reason, Instant timestamp) {
		return new OrderView(view.orderId(), view.customerId(), view.lines(), view.total(), status, reason,
				view.placedAt(), timestamp);
	}

}
