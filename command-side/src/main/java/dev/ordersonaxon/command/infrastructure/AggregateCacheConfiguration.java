package dev.ordersonaxon.command.infrastructure;

import dev.ordersonaxon.eventstore.caching.LruCache;
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
 * One cache per aggregate type: Axon's repository looks an aggregate up by its identifier
 * alone, so with a shared cache a command naming a product's id as a customer would be
 * handed the cached product. Each repository also reads only its own type's events
 * ({@code filterEventsByType}), so such an id is simply unknown.
 * <p>
 * Safe with several command nodes: a node whose cached aggregate missed another node's
 * events appends at a sequence number that is already taken, the unique key refuses it
 * with a {@code ConcurrencyException}, the rollback evicts the entry, and the command (or
 * the saga's batch) is retried against the stored stream. A cached aggregate can cost a
 * retry, never a wrong decision. Each cache holds the most recently used
 * {@code orders.command.aggregate-cache-size} aggregates of its type; 0 turns caching
 * off.
 */
@Configuration(proxyBeanMethods = false)
class AggregateCacheConfiguration {

	/** Referenced by name from {@code @Aggregate(cache = ...)} on {@code Customer}. */
	static final String CUSTOMER_CACHE = "customerCache";

	/** Referenced by name from {@code @Aggregate(cache = ...)} on {@code Product}. */
	static final String PRODUCT_CACHE = "productCache";

	/** Referenced by name from {@code @Aggregate(cache = ...)} on {@code Order}. */
	static final String ORDER_CACHE = "orderCache";

	private final int size;

	AggregateCacheConfiguration(@Value("${orders.command.aggregate-cache-size:5000}") int size) {
		if (size < 0) {
			throw new IllegalArgumentException("orders.command.aggregate-cache-size must not be negative: " + size);
		}
		this.size = size;
	}

	@Bean(CUSTOMER_CACHE)
	Cache customerCache() {
		return newCache();
	}

	@Bean(PRODUCT_CACHE)
	Cache productCache() {
		return newCache();
	}

	@Bean(ORDER_CACHE)
	Cache orderCache() {
		return newCache();
	}

	private Cache newCache() {
		return (this.size == 0) ? NoCache.INSTANCE : new LruCache(this.size);
	}

}
