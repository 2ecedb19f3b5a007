package dev.ordersonaxon.command.infrastructure;

import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import dev.ordersonaxon.eventstore.Databases;
import dev.ordersonaxon.saga.OrderSaga;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.lock.LockFactory;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The locks the aggregates' repositories take ({@link SharedAggregateLocks}), and when
 * they are shared by all command nodes: {@code orders.command.aggregate-locks} is
 * {@code auto} (shared when the saga runs in more than one segment, so that batches on
 * several threads or nodes can touch one customer or product at once, and the database is
 * PostgreSQL), {@code shared} (always, for deployments whose other nodes write the same
 * aggregates through requests often) or {@code local} (Axon's lock in this JVM only).
 */
@Configuration(proxyBeanMethods = false)
class AggregateLockConfiguration {

	/**
	 * Referenced by name from {@code @Aggregate(lockFactory = ...)} on {@code Customer}.
	 */
	static final String CUSTOMER_LOCKS = "customerLocks";

	/**
	 * Referenced by name from {@code @Aggregate(lockFactory = ...)} on {@code Product}.
	 */
	static final String PRODUCT_LOCKS = "productLocks";

	/** Referenced by name from {@code @Aggregate(lockFactory = ...)} on {@code Order}. */
	static final String ORDER_LOCKS = "orderLocks";

	private final BooleanSupplier shared;

	private final EventStore eventStore;

	private final JdbcTemplate jdbc;

	private final MeterRegistry meters;

	AggregateLockConfiguration(@Value("${orders.command.aggregate-locks:auto}") String mode, DataSource dataSource,
			TokenStore tokenStore, EventStore eventStore, JdbcTemplate jdbc, MeterRegistry meters) {
		boolean postgres = Databases.isPostgres(dataSource);
		this.shared = switch (mode) {
			// the embedded database serves one node, and has no advisory locks
			case "auto" -> postgres ? new SagaInSegments(tokenStore) : () -> false;
			case "shared" -> {
				if (!postgres) {
					throw new IllegalStateException("orders.command.aggregate-locks=shared needs PostgreSQL");
				}
				yield () -> true;
			}
			case "local" -> () -> false;
			default -> throw new IllegalArgumentException(
					"orders.command.aggregate-locks must be auto, shared or local: " + mode);
		};
		this.eventStore = eventStore;
		this.jdbc = jdbc;
		this.meters = meters;
	}

	@Bean(CUSTOMER_LOCKS)
	LockFactory customerLocks(@Qualifier(AggregateCacheConfiguration.CUSTOMER_CACHE) Cache cache) {
		return locks("customer", cache);
	}

	@Bean(PRODUCT_LOCKS)
	LockFactory productLocks(@Qualifier(AggregateCacheConfiguration.PRODUCT_CACHE) Cache cache) {
		return locks("product", cache);
	}

	@Bean(ORDER_LOCKS)
	LockFactory orderLocks(@Qualifier(AggregateCacheConfiguration.ORDER_CACHE) Cache cache) {
		return locks("order", cache);
	}

	private LockFactory locks(String type, Cache cache) {
		return new SharedAggregateLocks(type, cache, this.eventStore, this.jdbc, this.shared, this.meters);
	}

	/**
	 * Whether the saga's processor has more than one segment, read from its tokens in the
	 * transaction of the first command that asks (they exist before the node takes
	 * requests) and kept: the number never changes once they are made.
	 */
	static final class SagaInSegments implements BooleanSupplier {

		private final TokenStore tokenStore;

		private volatile Boolean segmented;

		SagaInSegments(TokenStore tokenStore) {
			this.tokenStore = tokenStore;
		}

		@Override
		public boolean getAsBoolean() {
			Boolean known = this.segmented;
			if (known != null) {
				return known;
			}
			int segments = this.tokenStore.fetchSegments(OrderSaga.PROCESSING_GROUP).length;
			if (segments == 0) {
				// not made yet: lock, to be safe, and look again next time
				return true;
			}
			this.segmented = segments > 1;
			return this.segmented;
		}

	}

}
