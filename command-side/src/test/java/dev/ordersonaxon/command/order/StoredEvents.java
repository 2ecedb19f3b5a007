package dev.ordersonaxon.command.order;

import java.util.stream.Stream;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CreditReleasedEvent;
import dev.ordersonaxon.api.customer.CreditReservedEvent;
import dev.ordersonaxon.api.order.OrderApprovedEvent;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderRejectedEvent;
import dev.ordersonaxon.api.product.StockReleasedEvent;
import dev.ordersonaxon.api.product.StockReservedEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * What the event store says about orders, customers and products, read from each
 * aggregate's first event (not from its latest snapshot): for tests that check how orders
 * ended and what they left held.
 */
final class StoredEvents {

	private StoredEvents() {
	}

	static Stream<Object> payloads(EventStore events, String aggregateId) {
		return events.readEvents(aggregateId, 0).asStream().map(DomainEventMessage::getPayload);
	}

	static boolean isFinal(EventStore events, OrderId order) {
		return payloads(events, order.value())
			.anyMatch((event) -> event instanceof OrderApprovedEvent || event instanceof OrderRejectedEvent);
	}

	static boolean isApproved(EventStore events, OrderId order) {
		return payloads(events, order.value()).anyMatch(OrderApprovedEvent.class::isInstance);
	}

	/** The credit a customer holds: reserved less released. */
	static Money creditHeld(EventStore events, String customerId) {
		return payloads(events, customerId).map((event) -> {
			if (event instanceof CreditReservedEvent reserved) {
				return reserved.amount();
			}
			if (event instanceof CreditReleasedEvent released) {
				return Money.ZERO.minus(released.amount());
			}
			return Money.ZERO;
		}).reduce(Money.ZERO, Money::plus);
	}

	/** The stock of a product held for orders: reserved less released. */
	static int stockHeld(EventStore events, String productId) {
		return payloads(events, productId).mapToInt((event) -> {
			if (event instanceof StockReservedEvent reserved) {
				return reserved.quantity();
			}
			if (event instanceof StockReleasedEvent released) {
				return -released.quantity();
			}
			return 0;
		}).sum();
	}

}
