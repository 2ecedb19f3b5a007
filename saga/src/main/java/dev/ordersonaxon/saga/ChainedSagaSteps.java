package dev.ordersonaxon.saga;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the events handed back to the saga in the batch whose commands appended them
 * ({@link SagaChain}), as {@code orders.saga.steps.chained}. While orders are decided and
 * the saga has one segment it rises by three or more an order; one that stays still means
 * each step waits for the stream again (several segments, or a message monitor of the
 * deployment's own on the event store in place of the saga's). A replaced monitor also
 * shows in {@code orders.saga.steps.unanswered-rounds}, the rounds of commands in a row
 * whose events the batch did not see, and in a warning once they are
 * {@value #UNANSWERED_ROUNDS}.
 */
public final class ChainedSagaSteps implements MeterBinder {

	/** Rounds of commands in a row whose events were not seen before the warning. */
	static final int UNANSWERED_ROUNDS = 20;

	private static final Logger logger = LoggerFactory.getLogger(ChainedSagaSteps.class);

	private final AtomicInteger unansweredRounds = new AtomicInteger();

	private final LongAdder handedBack = new LongAdder();

	void handedBack() {
		this.handedBack.increment();
	}

	/**
	 * A saga batch that could hand events back sent a round of commands and saw this many
	 * of the events they published. Warns once the batches have seen none in
	 * {@value #UNANSWERED_ROUNDS} rounds in a row (a command that changes nothing
	 * publishes nothing, but not round after round).
	 */
	void roundSent(int commands, int answers) {
		if (commands == 0) {
			return;
		}
		if (answers > 0) {
			this.unansweredRounds.set(0);
		}
		else if (this.unansweredRounds.incrementAndGet() == UNANSWERED_ROUNDS) {
			logger.warn(
					"The order saga's last {} rounds of commands published events it did not see: the event"
							+ " store's message monitor is not the saga's, so each saga step waits for the event stream"
							+ " (a transaction per step instead of one per order). A message monitor configured for the"
							+ " EventStore in Axon's configuration replaces the saga's; compose the two instead, e.g."
							+ " new MultiMessageMonitor<>(yours, OrderSagaAutoConfiguration.eventStoreMonitor())",
					UNANSWERED_ROUNDS);
		}
	}

	/**
	 * How many rounds of commands in a row the saga's batches sent without seeing any
	 * event they published; 0 while the chain works.
	 */
	int unansweredRounds() {
		return this.unansweredRounds.get();
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
		Gauge.builder("orders.saga.steps.unanswered-rounds", this, ChainedSagaSteps::unansweredRounds)
			.description("Rounds of saga commands in a row whose published events the saga's batch did not see")
			.register(registry);
	}

}
