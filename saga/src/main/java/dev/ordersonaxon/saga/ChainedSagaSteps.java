package dev.ordersonaxon.saga;

import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.axonframework.eventhandling.EventMessage;

/**
 * Counts the events handed back to the saga in the batch whose commands appended them
 * ({@link SagaChain}), as {@code orders.saga.steps.chained}. While orders are decided and
 * the saga has one segment it rises by three or more an order; one that stays still means
 * each step waits for the stream again (several segments, or a message monitor of the
 * deployment's own on the event store in place of the saga's).
 * <p>
 * It also remembers the identifiers of the last {@value #REMEMBERED} events handed back,
 * for {@link OrderSagaManager} to pass them over when the stream brings them: they come
 * by within a batch or two. One it forgot, or one another node reads, is handled again,
 * which changes nothing.
 */
public final class ChainedSagaSteps implements MeterBinder {

	static final int REMEMBERED = 4096;

	private final LongAdder handedBack = new LongAdder();

	private final Set<String> remembered = ConcurrentHashMap.newKeySet();

	/** The identifiers remembered, oldest first; guarded by itself. */
	private final ArrayDeque<String> oldestFirst = new ArrayDeque<>();

	/**
	 * The saga handled {@code event} in the batch whose commands appended it. Told before
	 * that batch commits: an event whose batch rolls back is never stored, so it never
	 * comes by.
	 */
	void handedBack(EventMessage<?> event) {
		this.handedBack.increment();
		String identifier = event.getIdentifier();
		synchronized (this.oldestFirst) {
			if (this.remembered.add(identifier)) {
				this.oldestFirst.addLast(identifier);
				if (this.oldestFirst.size() > REMEMBERED) {
					this.remembered.remove(this.oldestFirst.removeFirst());
				}
			}
		}
	}

	/** Whether the event with this identifier was handed back lately. */
	boolean wasHandedBack(String eventIdentifier) {
		return this.remembered.contains(eventIdentifier);
	}

	/** Events handed back to the saga since the node started. */
	public long count() {
		return this.handedBack.sum();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("orders.saga.steps.chained", this.handedBack, LongAdder::sum)
			.description("Events handed back to the order saga in the batch whose commands appended them")
			.register(registry);
	}

}
