package dev.ordersonaxon.query.order;

import java.util.List;

import org.axonframework.eventsourcing.eventstore.EventStore;

import dev.ordersonaxon.api.order.OrderId;

import org.springframework.stereotype.Component;

/** Reads an order aggregate's events straight from the event store, never from a view. */
@Component
class OrderEventHistory {

	private final EventStore eventStore;

	OrderEventHistory(EventStore eventStore) {
		this.eventStore = eventStore;
	}

	/** Every event of the order from the first, ignoring snapshots. */
	List<OrderEvent> of(OrderId orderId) {
		return this.eventStore.readEvents(orderId.value(), 0)
			.asStream()
			.map((event) -> new OrderEvent(event.getSequenceNumber(), event.getPayloadType().getSimpleName(),
					event.getTimestamp(), event.getPayload()))
			.toList();
	}

	boolean exists(OrderId orderId) {
		return this.eventStore.lastSequenceNumberFor(orderId.value()).isPresent();
	}

}
