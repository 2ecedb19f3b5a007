package dev.ordersonaxon.command.infrastructure;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.caching.WeakReferenceCache;

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
 * retry, never a wrong decision. Entries are weakly held: the garbage collector bounds
 * the cache, never the other way round.
 */
@Configuration(proxyBeanMethods = false)
class AggregateCacheConfiguration {

	/** Referenced by name from {@code @Aggregate(cache = ...)}. */
	static final String CACHE = "aggregateCache";

	@Bean(CACHE)
	Cache aggregateCache(@Value("${orders.command.aggregate-cache:true}") boolean enabled) {
		return enabled ? new WeakReferenceCache() : NoCache.INSTANCE;
	}

}
