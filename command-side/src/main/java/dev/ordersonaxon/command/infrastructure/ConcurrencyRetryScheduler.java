package dev.ordersonaxon.command.infrastructure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.ordersonaxon.eventstore.faults.Causes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a command that lost a race on the event store's unique (aggregate, sequence)
 * key, and nothing else: a refused, invalid or duplicate-creation command fails the same
 * way every time. The wait doubles per attempt with full jitter, so racing nodes fall out
 * of step.
 */
class ConcurrencyRetryScheduler implements RetryScheduler {

	private static final Logger logger = LoggerFactory.getLogger(ConcurrencyRetryScheduler.class);

	private final ScheduledExecutorService executor;

	private final CommandRetryProperties properties;

	private final Counter retries;

	ConcurrencyRetryScheduler(ScheduledExecutorService executor, CommandRetryProperties properties,
			MeterRegistry meters) {
		this.executor = executor;
		this.properties = properties;
		this.retries = Counter.builder("orders.command.retries")
			.description("Commands tried again after another writer stored their aggregate's next event first")
			.register(meters);
	}

	@Override
	public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
			List<Class<? extends Throwable>[]> failures, Runnable dispatchTask) {
		int attempt = failures.size();
		if (!lostRace(lastFailure) || attempt > this.properties.maxRetries()) {
			return false;
		}
		long delay = ThreadLocalRandom.current().nextLong(backoffCeiling(attempt).toMillis() + 1);
		logger.debug("{} lost a race on its aggregate, retry {} of {} in {} ms",
				commandMessage.getPayloadType().getSimpleName(), attempt, this.properties.maxRetries(), delay);
		this.retries.increment();
		this.executor.schedule(dispatchTask, delay, TimeUnit.MILLISECONDS);
		return true;
	}

	private Duration backoffCeiling(int attempt) {
		Duration ceiling = this.properties.initialBackoff().multipliedBy(1L << Math.min(attempt - 1, 16));
		return (ceiling.compareTo(this.properties.maxBackoff()) > 0) ? this.properties.maxBackoff() : ceiling;
	}

	private static boolean lostRace(Throwable failure) {
		return Causes.anyMatch(failure, ConcurrencyException.class::isInstance);
	}

}
