package dev.ordersonaxon.command.infrastructure;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps aggregates in memory between commands, so that a saga step does not rebuild a
 * customer or product from its snapshot and events each time (the largest cost of a saga
 * step once the event store ran on plain JDBC).
 * <p>
 * Safe with several command nodes: a node whose cached aggregate missed another node's
 * events appends at a sequence number that is already taken, the unique key refuses it
 * with a {@code ConcurrencyException}, the rollback evicts the entry, and the command (or
 * the saga's batch) is retried against the stored stream. A cached aggregate can cost a
 * retry, never a wrong decision. The cache holds the most recently used
 * {@code orders.command.aggregate-cache-size} aggregates; 0 turns it off.
 */
@Configuration(proxyBeanMethods = false)
class AggregateCacheConfiguration {

	/** Referenced by name from {@code @Aggregate(cache = ...)}. */
	static final String CACHE = "aggregateCache";

	@Bean(CACHE)
	Cache aggregateCache(@Value("${orders.command.aggregate-cache-size:5000}") int size) {
		if (size < 0) {
			throw new IllegalArgumentException("orders.command.aggregate-cache-size must not be negative: " + size);
		}
		return (size == 0) ? NoCache.INSTANCE : new LruCache(size);
	}

}
