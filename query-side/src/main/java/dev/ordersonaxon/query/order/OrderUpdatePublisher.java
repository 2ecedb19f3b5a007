package dev.ordersonaxon.query.order;

import java.util.function.Predicate;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;

import dev.ordersonaxon.api.order.FindOrderQuery;
import dev.ordersonaxon.api.order.OrderApprovedEvent;
import dev.ordersonaxon.api.order.OrderCancelledEvent;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.order.OrderRejectedEvent;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Tells subscribers of an order about each change of its view, once the projection has
 * made it: it runs after {@link OrderProjection} in the same processing group and batch.
 * Updates go out only when the batch has committed (the emitter waits for the unit of
 * work), ending the subscription when the order is final; never during a replay, when
 * they would be history.
 */
@Component
@ProcessingGroup(OrderProjection.PROCESSING_GROUP)
@Order(OrderProjection.HANDLER_ORDER + 1)
@DisallowReplay
class OrderUpdatePublisher {

	private final OrderViews views;

	private final QueryUpdateEmitter updates;

	OrderUpdatePublisher(OrderViews views, QueryUpdateEmitter updates) {
		this.views = views;
		this.updates = updates;
	}

	@EventHandler
	void on(OrderPlacedEvent event) {
		publish(event.orderId());
	}

	@EventHandler
	void on(OrderApprovedEvent event) {
		publish(event.orderId());
	}

	@EventHandler
	void on(OrderRejectedEvent event) {
		publish(event.orderId());
	}

	@EventHandler
	void on(OrderCancelledEvent event) {
		publish(event.orderId());
	}

	private void publish(OrderId orderId) {
		Predicate<FindOrderQuery> sameOrder = (query) -> query.orderId().equals(orderId);
		this.views.find(orderId).ifPresent((view) -> {
			this.updates.emit(FindOrderQuery.class, sameOrder, view);
			if (view.status().isFinal()) {
				this.updates.complete(FindOrderQuery.class, sameOrder);
			}
		});
	}

}
