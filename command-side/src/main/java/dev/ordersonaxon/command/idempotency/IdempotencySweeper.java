package dev.ordersonaxon.command.idempotency;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.axonframework.common.AxonThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Deletes stored answers past their time, every {@code orders.idempotency.sweep-interval}
 * on every command node (deleting is idempotent, so nodes need not agree on who does it),
 * in slices so that no single statement holds many rows.
 */
class IdempotencySweeper implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(IdempotencySweeper.class);

	private static final int SLICE = 1000;

	private final IdempotencyStore store;

	private final IdempotencySettings settings;

	private final Clock clock;

	private ScheduledExecutorService executor;

	IdempotencySweeper(IdempotencyStore store, IdempotencySettings settings, Clock clock) {
		this.store = store;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Deletes every answer that has expired by now.
	 * @return how many were deleted
	 */
	int sweep() {
		int total = 0;
		int deleted;
		do {
			deleted = this.store.sweep(this.clock.instant(), SLICE);
			total += deleted;
		}
		while (deleted == SLICE);
		return total;
	}

	@Override
	public synchronized void start() {
		this.executor = Executors.newSingleThreadScheduledExecutor(new AxonThreadFactory("idempotency-sweeper"));
		long interval = this.settings.sweepInterval().toMillis();
		this.executor.scheduleWithFixedDelay(this::sweepLogged, interval, interval, TimeUnit.MILLISECONDS);
	}

	private void sweepLogged() {
		try {
			int deleted = sweep();
			if (deleted > 0) {
				logger.debug("Deleted {} expired idempotency keys", deleted);
			}
		}
		catch (RuntimeException ex) {
			// the database may be away; the next sweep tries again
			logger.warn("Could not delete expired idempotency keys: {}", ex.getMessage());
		}
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}
