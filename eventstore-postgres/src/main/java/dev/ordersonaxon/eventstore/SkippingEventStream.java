package dev.ordersonaxon.eventstore;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;

/**
 * A tracking processor's event stream that passes over the payload types the processor
 * said it has no handler for.
 * <p>
 * Axon's tracking processor tells its stream about every event none of its handlers can
 * take ({@link #skipMessagesWithPayloadTypeOf}); Axon Server's streams then leave such
 * events out, Axon's embedded store ignores the hint. Each of the query side's
 * projections handles about a third of the events, and a replay profile showed a
 * processor spending a third of its time on the others: matching each against every
 * handler, advancing the replay token, opening its place in the batch. Here such an event
 * is dropped as soon as another event is available behind it; that one's tracking token
 * covers the dropped event's position, so the processor's token moves over it all the
 * same. The last event available is always delivered, whatever its type: the processor
 * then stores a token at the head of the stream, and its status shows it caught up,
 * rather than waiting behind events it will never handle.
 * <p>
 * A stream belongs to one processor thread and so is not thread-safe, like Axon's own.
 */
final class SkippingEventStream implements TrackingEventStream {

	private final BlockingStream<TrackedEventMessage<?>> delegate;

	private final Predicate<Class<?>> handled;

	/** Per payload type met, whether it is passed over. */
	private final Map<Class<?>, Boolean> skipped = new HashMap<>();

	/**
	 * A skippable event taken from the delegate and kept: nothing was available behind
	 * it.
	 */
	private TrackedEventMessage<?> held;

	/**
	 * @param delegate the event store's stream
	 * @param handled the payload types the processor has a handler for
	 */
	SkippingEventStream(BlockingStream<TrackedEventMessage<?>> delegate, Predicate<Class<?>> handled) {
		this.delegate = delegate;
		this.handled = handled;
	}

	@Override
	public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
		this.skipped.put(ignoredMessage.getPayloadType(), true);
	}

	@Override
	public Optional<TrackedEventMessage<?>> peek() {
		skipAhead();
		return (this.held != null) ? Optional.of(this.held) : this.delegate.peek();
	}

	@Override
	public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
		return this.held != null || this.delegate.hasNextAvailable(timeout, unit);
	}

	@Override
	public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
		skipAhead();
		if (this.held != null) {
			TrackedEventMessage<?> next = this.held;
			this.held = null;
			return next;
		}
		return this.delegate.nextAvailable();
	}

	@Override
	public boolean setOnAvailableCallback(Runnable callback) {
		return this.delegate.setOnAvailableCallback(callback);
	}

	@Override
	public void close() {
		this.held = null;
		this.delegate.close();
	}

	/**
	 * Drops skippable events from the front of the stream while another event is
	 * available behind each; the last one available stays, held or still in the delegate.
	 */
	private void skipAhead() {
		try {
			while (true) {
				if (this.held == null) {
					Optional<TrackedEventMessage<?>> next = this.delegate.peek();
					if (next.isEmpty() || !skips(next.get())) {
						return;
					}
					this.held = this.delegate.nextAvailable();
				}
				if (!this.delegate.hasNextAvailable()) {
					// the last event available: kept, and delivered unless another
					// follows
					return;
				}
				this.held = null;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private boolean skips(TrackedEventMessage<?> event) {
		return this.skipped.computeIfAbsent(event.getPayloadType(), (type) -> !this.handled.test(type));
	}

}
