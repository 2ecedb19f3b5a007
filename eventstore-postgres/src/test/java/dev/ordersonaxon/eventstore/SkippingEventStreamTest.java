package dev.ordersonaxon.eventstore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SkippingEventStreamTest {

	private final ScriptedStream source = new ScriptedStream();

	/** Takes every type: what is skipped is what the processor names. */
	private final SkippingEventStream stream = new SkippingEventStream(this.source, (type) -> true);

	private long position;

	@Test
	void deliversEveryEventUntilTheProcessorNamesATypeToSkip() throws InterruptedException {
		TrackedEventMessage<?> number = arrive(1);
		TrackedEventMessage<?> text = arrive("a");
		arrive(2);

		assertThat(this.stream.nextAvailable()).isSameAs(number);
		this.stream.skipMessagesWithPayloadTypeOf(number);

		assertThat(this.stream.nextAvailable()).isSameAs(text);
		assertThat(this.stream.hasNextAvailable(0, TimeUnit.MILLISECONDS)).isTrue();
	}

	@Test
	void dropsSkippedEventsWithAnotherBehindThemAndDeliversTheLastOneAvailable() throws InterruptedException {
		this.stream.skipMessagesWithPayloadTypeOf(arrive(0));
		this.stream.nextAvailable();
		TrackedEventMessage<?> a = arrive("a");
		arrive(1);
		arrive(2);
		TrackedEventMessage<?> b = arrive("b");
		TrackedEventMessage<?> last = arrive(3);

		assertThat(drain()).containsExactly(a, b, last);
		assertThat(this.stream.hasNextAvailable(0, TimeUnit.MILLISECONDS)).isFalse();
	}

	@Test
	void passesOverTheTypesTheProcessorsHandlersDoNotTakeFromTheStart() throws InterruptedException {
		SkippingEventStream textOnly = new SkippingEventStream(this.source, String.class::equals);
		arrive(1);
		TrackedEventMessage<?> a = arrive("a");
		arrive(2);
		TrackedEventMessage<?> b = arrive("b");

		assertThat(textOnly.nextAvailable()).isSameAs(a);
		assertThat(textOnly.nextAvailable()).isSameAs(b);
		assertThat(textOnly.hasNextAvailable(0, TimeUnit.MILLISECONDS)).isFalse();
	}

	@Test
	void aHeldEventIsDroppedOnceAnotherArrivesBehindIt() throws InterruptedException {
		this.stream.skipMessagesWithPayloadTypeOf(arrive(0));
		this.stream.nextAvailable();
		TrackedEventMessage<?> skippable = arrive(1);

		assertThat(this.stream.peek()).containsSame(skippable);
		assertThat(this.source.available).isEmpty();
		TrackedEventMessage<?> next = arrive("a");

		assertThat(this.stream.peek()).containsSame(next);
		assertThat(this.stream.nextAvailable()).isSameAs(next);
		assertThat(this.stream.peek()).isEmpty();
	}

	@Test
	void aHeldEventIsDeliveredWhenNothingArrivesBehindIt() throws InterruptedException {
		this.stream.skipMessagesWithPayloadTypeOf(arrive(0));
		this.stream.nextAvailable();
		TrackedEventMessage<?> skippable = arrive(1);

		assertThat(this.stream.hasNextAvailable(0, TimeUnit.MILLISECONDS)).isTrue();
		assertThat(this.stream.peek()).containsSame(skippable);
		assertThat(this.stream.nextAvailable()).isSameAs(skippable);
		assertThat(this.stream.hasNextAvailable(0, TimeUnit.MILLISECONDS)).isFalse();
	}

	@Test
	void closingClosesTheSourceAndForgetsAHeldEvent() throws InterruptedException {
		this.stream.skipMessagesWithPayloadTypeOf(arrive(0));
		this.stream.nextAvailable();
		arrive(1);
		this.stream.peek();

		this.stream.close();

		assertThat(this.source.closed).isTrue();
		assertThat(this.stream.hasNextAvailable(0, TimeUnit.MILLISECONDS)).isFalse();
	}

	private TrackedEventMessage<?> arrive(Object payload) {
		TrackedEventMessage<?> event = new GenericTrackedEventMessage<>(
				new GlobalSequenceTrackingToken(this.position++), GenericEventMessage.asEventMessage(payload));
		this.source.available.add(event);
		return event;
	}

	private List<TrackedEventMessage<?>> drain() throws InterruptedException {
		List<TrackedEventMessage<?>> delivered = new ArrayList<>();
		while (this.stream.hasNextAvailable(0, TimeUnit.MILLISECONDS)) {
			delivered.add(this.stream.nextAvailable());
		}
		return delivered;
	}

	/** The events that have arrived, in order; nothing blocks. */
	private static final class ScriptedStream implements TrackingEventStream {

		private final Deque<TrackedEventMessage<?>> available = new ArrayDeque<>();

		private boolean closed;

		@Override
		public Optional<TrackedEventMessage<?>> peek() {
			return Optional.ofNullable(this.available.peekFirst());
		}

		@Override
		public boolean hasNextAvailable(int timeout, TimeUnit unit) {
			return !this.available.isEmpty();
		}

		@Override
		public TrackedEventMessage<?> nextAvailable() {
			return this.available.removeFirst();
		}

		@Override
		public void close() {
			this.closed = true;
		}

	}

}
