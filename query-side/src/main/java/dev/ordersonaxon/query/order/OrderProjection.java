package dev.ordersonaxon.query.order;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;

import dev.ordersonaxon.api.PageView;
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

import org.springframework.stereotype.Component;

/**
 * Keeps each order's lines, total and status, and tells live subscribers about every
 * change. Updates go out only after the batch commits (the emitter waits for the unit of
 * work), and never during a replay, when they would be history.
 */
@Component
@ProcessingGroup(OrderProjection.PROCESSING_GROUP)
class OrderProjection {

	static final String PROCESSING_GROUP = "orders";

	private final OrderViews views;

	private final QueryUpdateEmitter updates;

	OrderProjection(OrderViews views, QueryUpdateEmitter updates) {
		this.views = views;
		this.updates = updates;
	}

	@EventHandler
	void on(OrderPlacedEvent event, @Timestamp Instant timestamp, ReplayStatus replayStatus) {
		save(new OrderView(event.orderId(), event.customerId(), event.lines(), event.total(), OrderStatus.PENDING, null,
				timestamp, timestamp), replayStatus);
	}

	@EventHandler
	void on(OrderApprovedEvent event, @Timestamp Instant timestamp, ReplayStatus replayStatus) {
		update(event.orderId(), (view) -> withStatus(view, OrderStatus.APPROVED, null, timestamp), replayStatus);
	}

	@EventHandler
	void on(OrderRejectedEvent event, @Timestamp Instant timestamp, ReplayStatus replayStatus) {
		update(event.orderId(), (view) -> withStatus(view, OrderStatus.REJECTED, event.reason(), timestamp),
				replayStatus);
	}

	@EventHandler
	void on(OrderCancelledEvent event, @Timestamp Instant timestamp, ReplayStatus replayStatus) {
		update(event.orderId(), (view) -> withStatus(view, OrderStatus.CANCELLED, null, timestamp), replayStatus);
	}

	@ResetHandler
	void reset() {
		this.views.deleteAll();
	}

	@QueryHandler
	Optional<OrderView> handle(FindOrderQuery query) {
		return this.views.find(query.orderId());
	}

	@QueryHandler
	PageView<OrderView> handle(FindOrdersQuery query) {
		return this.views.page(query.customerId(), query.status(), query.page(), query.size());
	}

	private void update(OrderId orderId, UnaryOperator<OrderView> change, ReplayStatus replayStatus) {
		this.views.find(orderId).map(change).ifPresent((view) -> save(view, replayStatus));
	}

	private void save(OrderView view, ReplayStatus replayStatus) {
		this.views.save(view);
		if (replayStatus.isReplay()) {
			return;
		}
		Predicate<FindOrderQuery> sameOrder = (query) -> query.orderId().equals(view.orderId());
		this.updates.emit(FindOrderQuery.class, sameOrder, view);
		if (view.status().isFinal()) {
			this.updates.complete(FindOrderQuery.class, sameOrder);
		}
	}

	private static OrderView withStatus(OrderView view, OrderStatus status, RejectionReason reason, Instant timestamp) {
		return new OrderView(view.orderId(), view.customerId(), view.lines(), view.total(), status, reason,
				view.placedAt(), timestamp);
	}

}
