package dev.ordersonaxon.query.order;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;

import dev.ordersonaxon.api.order.OrderApprovedEvent;
import dev.ordersonaxon.api.order.OrderId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class OrderEventHistoryTest {

	private static final OrderId ORDER = new OrderId("long-lived");

	private final EventStore eventStore = mock(EventStore.class);

	private final OrderEventHistory history = new OrderEventHistory(this.eventStore);

	/** How many events the history took from the store's stream. */
	private final AtomicLong taken = new AtomicLong();

	@Test
	void readsOneEventMoreThanItAnswersNotTheWholeStream() {
		when(this.eventStore.readEvents(ORDER.value(), 41)).thenReturn(stream("Order", 41, 100_000));

		OrderEventHistory.Page page = this.history.after(ORDER, 40, 10).orElseThrow();

		assertThat(page.events()).extracting(OrderEvent::sequenceNumber)
			.containsExactly(41L, 42L, 43L, 44L, 45L, 46L, 47L, 48L, 49L, 50L);
		assertThat(page.more()).isTrue();
		assertThat(this.taken).hasValue(11);
	}

	@Test
	void saysNoMoreFollowOnTheLastPart() {
		when(this.eventStore.readEvents(ORDER.value(), 0)).thenReturn(stream("Order", 0, 10));

		OrderEventHistory.Page page = this.history.after(ORDER, -1, 10).orElseThrow();

		assertThat(page.events()).hasSize(10);
		assertThat(page.more()).isFalse();
	}

	@Test
	void answersNothingForTheStreamOfAnotherAggregateType() {
		when(this.eventStore.readEvents(ORDER.value(), 0)).thenReturn(stream("Customer", 0, 100_000));

		assertThat(this.history.after(ORDER, -1, 10)).isEmpty();
		assertThat(this.taken).hasValue(11);
	}

	@Test
	void tellsAnOrderPastItsLastEventFromAnotherAggregate() {
		when(this.eventStore.readEvents(ORDER.value(), 8)).thenReturn(stream("Order", 8, 8));
		when(this.eventStore.lastSequenceNumberFor(ORDER.value())).thenReturn(Optional.of(7L));
		when(this.eventStore.readEvents(ORDER.value(), 7)).thenReturn(stream("Order", 7, 8));
		assertThat(this.history.after(ORDER, 7, 10)).hasValueSatisfying((page) -> {
			assertThat(page.events()).isEmpty();
			assertThat(page.more()).isFalse();
		});

		when(this.eventStore.readEvents(ORDER.value(), 7)).thenReturn(stream("Product", 7, 8));
		assertThat(this.history.after(ORDER, 7, 10)).isEmpty();
		when(this.eventStore.lastSequenceNumberFor(ORDER.value())).thenReturn(Optional.empty());
		assertThat(this.history.after(ORDER, 7, 10)).isEmpty();
	}

	/**
	 * Events {@code from} (inclusive) to {@code to} (exclusive), counted as they are
	 * taken.
	 */
	private DomainEventStream stream(String type, long from, long to) {
		return DomainEventStream.of(LongStream.range(from, to)
			.peek((sequence) -> this.taken.incrementAndGet())
			.mapToObj((sequence) -> (DomainEventMessage<?>) new GenericDomainEventMessage<>(type, ORDER.value(),
					sequence, new OrderApprovedEvent(ORDER))));
	}

}
