package dev.ordersonaxon.saga;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * What the saga's cache holds and how often it was emptied, for operators: a cache that
 * empties often (claims moving between nodes, failing batches) saves little.
 * <ul>
 * <li>{@code orders.saga.cache.sagas}: sagas held now;</li>
 * <li>{@code orders.saga.cache.emptied{reason}}: times emptied since the node started,
 * for {@code claim}, {@code rollback}, {@code write-outside-batch} or
 * {@code parked}.</li>
 * </ul>
 * Nothing is registered while the cache is off.
 */
final class SagaCacheMetrics implements MeterBinder {

	private final ClaimScopedSagaCache cache;

	SagaCacheMetrics(ClaimScopedSagaCache cache) {
		this.cache = cache;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		if (!this.cache.enabled()) {
			return;
		}
		Gauge.builder("orders.saga.cache.sagas", this.cache, ClaimScopedSagaCache::sagas)
			.description("Order sagas this node keeps in memory between batches")
			.register(registry);
		for (ClaimScopedSagaCache.Emptied reason : ClaimScopedSagaCache.Emptied.values()) {
			FunctionCounter.builder("orders.saga.cache.emptied", this.cache, (cache) -> cache.emptied(reason))
				.description("Times the saga cache was emptied")
				.tag("reason", reason.tag())
				.register(registry);
		}
	}

}
