package dev.ordersonaxon.eventstore;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The event store the auto-configuration makes of the engine. */
class PostgresEventStoreAutoConfigurationTest {

	/**
	 * The engine answers a read from where it last found the head only while no commit
	 * has been reported, for as long as the poll interval: a store that did not report
	 * would leave each commit to the next poll.
	 */
	@Test
	void theStoreReportsToTheEngineEachCommitThatWakesItsReader() {
		AtomicInteger reported = new AtomicInteger();
		ParsedTimestampJdbcEventStorageEngine engine = new ParsedTimestampJdbcEventStorageEngine(
				JdbcEventStorageEngine.builder().connectionProvider(() -> {
					throw new IllegalStateException("no database in this test");
				})
					.transactionManager(NoTransactionManager.INSTANCE)
					.snapshotSerializer(JacksonSerializer.defaultSerializer())
					.eventSerializer(JacksonSerializer.defaultSerializer()),
				ParsedTimestampJdbcEventStorageEngine.GapSettings.defaults(true)) {
			@Override
			public void eventsCommitted() {
				reported.incrementAndGet();
				super.eventsCommitted();
			}
		};
		EventStoreProperties properties = new EventStoreProperties("event_store", 100, Duration.ofSeconds(1), true,
				"domain_events", Duration.ofMinutes(1));

		WakeableEventStore store = new PostgresEventStoreAutoConfiguration().eventStore(engine,
				DefaultConfigurer.defaultConfiguration().buildConfiguration(), properties);
		try {
			// an event the engine has not read
			store.committed(List.of("1"));
			// the listener has just connected
			store.committed(List.of());

			assertThat(reported).hasValue(2);
		}
		finally {
			store.shutDown();
		}
	}

}
