package dev.ordersonaxon.query.order;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;

import dev.ordersonaxon.api.order.OrderApprovedEvent;
import dev.ordersonaxon.api.order.OrderCancelledEvent;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.order.OrderRejectedEvent;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Announces each change of an order view once the projection has made it: it runs after
 * {@link OrderProjection} in the same processing group and batch. Never during a replay,
 * when the changes would be history.
 */
@Component
@ProcessingGroup(OrderProjection.PROCESSING_GROUP)
@Order(OrderProjection.HANDLER_ORDER + 1)
@DisallowReplay
class OrderUpdatePublisher {

	private final OrderChanges changes;

	OrderUpdatePublisher(OrderChanges changes) {
		this.changes = changes;
	}

	@EventHandler
	void on(OrderPlacedEvent event) {
		this.changes.changed(event.orderId());
	}

	@EventHandler
	void on(OrderApprovedEvent event) {
		this.changes.changed(event.orderId());
	}

	@EventHandler
	void on(OrderRejectedEvent event) {
		this.changes.changed(event.orderId());
	}

	@EventHandler
	void on(OrderCancelledEvent event) {
		this.changes.changed(event.orderId());
	}

}
