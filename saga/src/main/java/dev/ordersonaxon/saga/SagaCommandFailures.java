package dev.ordersonaxon.saga;

import java.util.function.Supplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.LongAdder;

import org.axonframework.eventhandling.EventMessage;

/**
 * Counts the saga's commands that failed their batch, deadlocks apart, and hands each
 * failure to the saga's dead letters (when there are any) to be counted against the event
 * that sent the command; so too a handler's failure on an event handed back to the saga
 * in its batch ({@link SagaChain}), against the stream's event that led to it. Deadlocks
 * are ruled out by the order in which a batch sends its commands
 * ({@link SagaCommandBatch}); {@code orders.saga.command.failures{kind=deadlock}} shows
 * that it holds. Also counts the batches that lost a race for an aggregate's next event
 * to another writer, which the command side's shared aggregate locks rule out between
 * saga batches ({@code orders.saga.batch.lost-races}).
 */
public final class SagaCommandFailures implements SagaCommandBatch.Failures, MeterBinder {

	private final LongAdder deadlocks = new LongAdder();

	private final LongAdder others = new LongAdder();

	private final LongAdder lostRaces = new LongAdder();

	private final Supplier<SagaDeadLetters> deadLetters;

	SagaCommandFailures(Supplier<SagaDeadLetters> deadLetters) {
		this.deadLetters = deadLetters;
	}

	@Override
	public void failed(EventMessage<?> cause, Throwable failure, boolean deadlock) {
		(deadlock ? this.deadlocks : this.others).increment();
		SagaDeadLetters parking = this.deadLetters.get();
		if (parking != null) {
			parking.failed(cause, failure);
		}
	}

	@Override
	public void handlerFailed(EventMessage<?> cause, Throwable failure) {
		SagaDeadLetters parking = this.deadLetters.get();
		if (parking != null) {
			parking.failed(cause, failure);
		}
	}

	@Override
	public void lostRace() {
		this.lostRaces.increment();
	}

	/** Batches of the saga rolled back on a lost race, since the start. */
	public long lostRaces() {
		return this.lostRaces.sum();
	}

	/** Commands of the saga that failed their batch on a deadlock, since the start. */
	public long deadlocks() {
		return this.deadlocks.sum();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("orders.saga.command.failures", this.deadlocks, LongAdder::sum)
			.tag("kind", "deadlock")
			.description("Commands sent by the order saga that failed their batch on a deadlock")
			.register(registry);
		FunctionCounter.builder("orders.saga.command.failures", this.others, LongAdder::sum)
			.tag("kind", "other")
			.description("Commands sent by the order saga that failed their batch for another reason")
			.register(registry);
		FunctionCounter.builder("orders.saga.batch.lost-races", this.lostRaces, LongAdder::sum)
			.description("Batches of the order saga rolled back because another writer stored the next event"
					+ " of one of their aggregates first")
			.register(registry);
	}

}
