package dev.ordersonaxon.saga;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the order saga, bound from {@code orders.saga.*}. Every value has a
 * default, so the record can be built without Spring.
 *
 * @param timeout how long an order may stay pending before the saga rejects it with
 * {@code TIMEOUT}
 * @param segments segments of the saga's tracking processor (which also runs the
 * approved-order cancellation handler), each handled by a thread of the node that claimed
 * it, each order by one of them ({@link OrderSegments}); set when the processor's tokens
 * are first made, in a fresh database, and kept from then on. One by default: on one node
 * every further segment costs a thread that reads and books every event, which under
 * overload takes the CPU that answering requests needs
 * @param deadlines where and how often the persistent deadline scheduler looks for due
 * deadlines
 * @param batchSize events handled in one transaction by a segment's thread: every event
 * costs each segment a saga lookup and a token update, so one commit per event would cap
 * the saga at a few hundred events a second
 * @param parkAfterFailures how often in a row handling one event must fail on its own
 * account (not a transient database fault) before the event, and its order's later
 * events, are parked and the order is rejected with {@code PROCESSING_FAILED}
 * @param threads how many of the segments one node handles at most, one thread each (by
 * default all of them): with N nodes sharing the segments, at least segments / N, and as
 * many as each node should take over when others stop
 * @param claimInterval how often a node without the saga's segments looks for one to
 * claim: when the node holding a segment dies, another takes it over this long at most
 * after the dead node's claim timed out (Axon's token claim timeout, 10 s by default)
 * @param cacheSize how many sagas (and, apart from them, association values) a node keeps
 * in memory between the batches of the segments it holds ({@link ClaimScopedSagaCache}),
 * so that a saga step reads neither from the database; 0 reads both from the database
 * every time
 */
@ConfigurationProperties("orders.saga")
public record OrderSagaProperties(Duration timeout, Integer segments, Integer threads, Deadlines deadlines,
		Integer batchSize, Integer parkAfterFailures, Duration claimInterval, Integer cacheSize) {

	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	static final int DEFAULT_SEGMENTS = 1;

	static final int DEFAULT_BATCH_SIZE = 100;

	static final Duration DEFAULT_CLAIM_INTERVAL = Duration.ofSeconds(1);

	static final int DEFAULT_CACHE_SIZE = 10_000;

	public OrderSagaProperties {
		timeout = (timeout != null) ? timeout : DEFAULT_TIMEOUT;
		segments = (segments != null) ? segments : DEFAULT_SEGMENTS;
		threads = (threads != null) ? threads : segments;
		deadlines = (deadlines != null) ? deadlines : new Deadlines(null, null, null, null, null);
		batchSize = (batchSize != null) ? batchSize : DEFAULT_BATCH_SIZE;
		parkAfterFailures = (parkAfterFailures != null) ? parkAfterFailures
				: SagaDeadLetters.DEFAULT_PARK_AFTER_FAILURES;
		claimInterval = (claimInterval != null) ? claimInterval : DEFAULT_CLAIM_INTERVAL;
		cacheSize = (cacheSize != null) ? cacheSize : DEFAULT_CACHE_SIZE;
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("orders.saga.timeout must be positive: " + timeout);
		}
		if (batchSize < 1) {
			throw new IllegalArgumentException("orders.saga.batch-size must be at least 1: " + batchSize);
		}
		if (parkAfterFailures < 1) {
			throw new IllegalArgumentException(
					"orders.saga.park-after-failures must be at least 1: " + parkAfterFailures);
		}
		if (claimInterval.isNegative() || claimInterval.isZero()) {
			throw new IllegalArgumentException("orders.saga.claim-interval must be positive: " + claimInterval);
		}
		if (segments < 1) {
			throw new IllegalArgumentException("orders.saga.segments must be at least 1: " + segments);
		}
		if (threads < 1) {
			throw new IllegalArgumentException("orders.saga.threads must be at least 1: " + threads);
		}
		if (cacheSize < 0) {
			throw new IllegalArgumentException("orders.saga.cache-size must not be negative: " + cacheSize);
		}
	}

	/** Defaults everywhere: a 30 s timeout. */
	public static OrderSagaProperties defaults() {
		return new OrderSagaProperties(null, null, null, null, null, null, null, null);
	}

	/**
	 * @param tableName db-scheduler's table, schema-qualified because db-scheduler uses
	 * plain JDBC and does not see Hibernate's default schema
	 * @param pollingInterval how often each node looks for due deadlines
	 * @param threads how many deadlines a node may run at once
	 * @param heartbeatInterval how often a node marks the deadlines it is running as
	 * alive
	 * @param missedHeartbeats heartbeats a running deadline may miss before another node
	 * takes it to be orphaned by a dead node and runs it again (running a timeout twice
	 * is harmless)
	 */
	public record Deadlines(String tableName, Duration pollingInterval, Integer threads, Duration heartbeatInterval,
			Integer missedHeartbeats) {

		public Deadlines {
			tableName = (tableName != null && !tableName.isBlank()) ? tableName : "event_store.scheduled_tasks";
			pollingInterval = (pollingInterval != null) ? pollingInterval : Duration.ofSeconds(1);
			threads = (threads != null) ? threads : 2;
			heartbeatInterval = (heartbeatInterval != null) ? heartbeatInterval : Duration.ofSeconds(2);
			missedHeartbeats = (missedHeartbeats != null) ? missedHeartbeats : 4;
			if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
				throw new IllegalArgumentException(
						"orders.saga.deadlines.heartbeat-interval must be positive: " + heartbeatInterval);
			}
			if (missedHeartbeats < 4) {
				// db-scheduler's own lower bound
				throw new IllegalArgumentException(
						"orders.saga.deadlines.missed-heartbeats must be at least 4: " + missedHeartbeats);
			}
		}

	}

}
