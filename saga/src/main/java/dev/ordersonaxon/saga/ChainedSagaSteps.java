package dev.ordersonaxon.saga;

import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Counts the events handed back to the saga in the batch whose commands appended them
 * ({@link SagaChain}), as {@code orders.saga.steps.chained}. While orders are decided and
 * the saga has one segment it rises by three or more an order; one that stays still means
 * each step waits for the stream again (several segments, or a message monitor of the
 * deployment's own on the event store in place of the saga's).
 */
public final class ChainedSagaSteps implements MeterBinder {

	private final LongAdder handedBack = new LongAdder();

	void handedBack() {
		this.handedBack.increment();
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
