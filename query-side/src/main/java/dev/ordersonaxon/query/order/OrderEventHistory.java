package dev.ordersonaxon.query.order;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

import dev.ordersonaxon.api.AuditMetadata;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderPlacedEvent;

import org.springframework.stereotype.Component;

/**
 * Reads an order aggregate's events straight from the event store, never from a view. Ids
 * of other aggregates (customers, products) are not orders here, whatever their events.
 */
@Component
class OrderEventHistory {

	/** The aggregate type the command side's {@code Order} aggregate writes. */
	static final String ORDER_TYPE = "Order";

	private final EventStore eventStore;

	OrderEventHistory(EventStore eventStore) {
		this.eventStore = eventStore;
	}

	/**
	 * Up to {@code size} events of the order after the given sequence number (-1 for the
	 * first), ignoring snapshots, and whether more follow; empty if the id is not an
	 * order's. The store reads an aggregate's stream lazily, one fetch
	 * ({@code orders.event-store.fetch-size} events) at a time: this reads
	 * {@code size + 1} events and the fetches they need, never the whole stream.
	 */
	Optional<Page> after(OrderId orderId, long afterSequence, int size) {
		List<? extends DomainEventMessage<?>> read;
		try (Stream<? extends DomainEventMessage<?>> stream = this.eventStore
			.readEvents(orderId.value(), afterSequence + 1)
			.asStream()) {
			read = stream.limit(size + 1L).toList();
		}
		if (read.isEmpty()) {
			return isOrder(orderId) ? Optional.of(new Page(List.of(), false)) : Optional.empty();
		}
		if (!ORDER_TYPE.equals(read.get(0).getType())) {
			return Optional.empty();
		}
		boolean more = read.size() > size;
		return Optional.of(new Page(read.stream()
			.limit(size)
			.map((event) -> new OrderEvent(event.getSequenceNumber(), event.getPayloadType().getSimpleName(),
					event.getTimestamp(), AuditMetadata.of(event.getMetaData()), event.getPayload()))
			.toList(), more));
	}

	/**
	 * Who placed the order, as its first event says; empty if the id is not an order's.
	 */
	Optional<CustomerId> customerOf(OrderId orderId) {
		try (Stream<? extends DomainEventMessage<?>> stream = this.eventStore.readEvents(orderId.value(), 0)
			.asStream()) {
			return stream.findFirst()
				.filter((event) -> ORDER_TYPE.equals(event.getType()))
				.map(DomainEventMessage::getPayload)
				.filter(OrderPlacedEvent.class::isInstance)
				.map((placed) -> ((OrderPlacedEvent) placed).customerId());
		}
	}

	/** Whether the id is an order's: its last event, one row, tells. */
	boolean isOrder(OrderId orderId) {
		return this.eventStore.lastSequenceNumberFor(orderId.value()).flatMap((last) -> {
			try (Stream<? extends DomainEventMessage<?>> stream = this.eventStore.readEvents(orderId.value(), last)
				.asStream()) {
				return stream.findFirst();
			}
		}).map((event) -> ORDER_TYPE.equals(event.getType())).orElse(false);
	}

	/** Some of an order's events, in sequence, and whether more follow them. */
	record Page(List<OrderEvent> events, boolean more) {

	}

}
