package dev.ordersonaxon.eventstore;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The event store as the source of one tracking processor: its streams pass over the
 * events of types the processor has no handler for ({@link SkippingEventStream}). Axon's
 * processor names such types to its stream only as it meets them, and not at all while it
 * replays (its replay wrapper drops the hint), so the types are asked of the processor's
 * handlers here instead, once each.
 * <p>
 * Name it as the processor's source: {@code axon.eventhandling.processors.<name>.source}
 * (the bean's name), or in {@code registerTrackingEventProcessor}.
 */
public final class HandledEvents implements StreamableMessageSource<TrackedEventMessage<?>> {

	private final EventStore store;

	private final String processorName;

	private final Supplier<EventProcessingConfiguration> processing;

	/**
	 * @param store the event store
	 * @param processorName the processor this is the source of
	 * @param processing Axon's processors, asked when the first stream opens (by then the
	 * processor exists: it is the one opening it)
	 */
	public HandledEvents(EventStore store, String processorName, Supplier<EventProcessingConfiguration> processing) {
		this.store = store;
		this.processorName = processorName;
		this.processing = processing;
	}

	@Override
	public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
		return new SkippingEventStream(this.store.openStream(trackingToken), handledTypes());
	}

	@Override
	public TrackingToken createTailToken() {
		return this.store.createTailToken();
	}

	@Override
	public TrackingToken createHeadToken() {
		return this.store.createHeadToken();
	}

	@Override
	public TrackingToken createTokenAt(Instant dateTime) {
		return this.store.createTokenAt(dateTime);
	}

	@Override
	public TrackingToken createTokenSince(Duration duration) {
		return this.store.createTokenSince(duration);
	}

	/** What the processor's handlers take; every type if there is no such processor. */
	private Predicate<Class<?>> handledTypes() {
		return this.processing.get()
			.eventProcessor(this.processorName, AbstractEventProcessor.class)
			.<Predicate<Class<?>>>map((processor) -> processor.eventHandlerInvoker()::canHandleType)
			.orElse((type) -> true);
	}

}
