package dev.ordersonaxon.command.admission;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import com.zaxxer.hikari.HikariConfig;
import dev.ordersonaxon.testsupport.TestDatabase;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the backlog counts as being decided, on PostgreSQL, from the tables alone: a saga
 * position and the events and instances around it, written here by hand.
 */
class SagaBacklogTest {

	private static final TestDatabase database = TestDatabase.create("saga_backlog");

	private static final String PLACED = "test.OrderPlaced";

	private final Serializer serializer = JacksonSerializer.defaultSerializer();

	private final JdbcTemplate jdbc = new JdbcTemplate(
			new DriverManagerDataSource(database.jdbcUrl(), database.user(), database.password()));

	private SagaBacklog backlog;

	@BeforeEach
	void tables() {
		this.jdbc.execute("DROP TABLE IF EXISTS domain_event_entry, token_entry, saga_entry");
		this.jdbc.execute("CREATE TABLE domain_event_entry (global_index bigint PRIMARY KEY,"
				+ " payload_type varchar(255) NOT NULL, time_stamp varchar(255) NOT NULL)");
		this.jdbc.execute("CREATE TABLE token_entry (processor_name varchar(255), segment integer, token bytea,"
				+ " token_type varchar(255))");
		this.jdbc.execute("CREATE TABLE saga_entry (saga_type varchar(255))");
		HikariConfig connection = new HikariConfig();
		connection.setJdbcUrl(database.jdbcUrl());
		connection.setUsername(database.user());
		connection.setPassword(database.password());
		connection.setReadOnly(true);
		connection.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
		this.backlog = new SagaBacklog(connection, this.serializer,
				new SagaBacklog.Saga("test-saga", Set.of(PLACED), "test.Saga", PLACED), Duration.ofHours(1),
				Duration.ofMillis(500), Clock.systemUTC(), new Placements());
		this.backlog.start();
	}

	@AfterEach
	void stop() {
		this.backlog.stop();
	}

	@Test
	void countsPlacementsAfterTheSagasPositionAndInItsGapsBesideItsInstances() {
		// the saga is at 10; 7 was missing when it read past it
		sagaAt(GapAwareTrackingToken.newInstance(10, Set.of(7L)));
		for (long index : new long[] { 5, 7, 10, 12, 13 }) {
			placed(index);
		}
		this.jdbc.update("INSERT INTO domain_event_entry VALUES (14, 'test.Other', '2026-12-03T09:00:00Z')");
		this.jdbc.update("INSERT INTO saga_entry VALUES ('test.Saga'), ('test.Saga'), ('test.OtherSaga')");

		this.backlog.measure();

		// 7 committed late, 12 and 13 after the position, and two instances running
		assertThat(this.backlog.current().pendingOrders()).isEqualTo(5);
		assertThat(this.backlog.current().events()).isEqualTo(4);
	}

	@Test
	void countsALatePlacementInAGapAlsoWhenNothingFollowsThePosition() {
		sagaAt(GapAwareTrackingToken.newInstance(10, Set.of(7L)));
		placed(7);
		placed(10);

		this.backlog.measure();

		assertThat(this.backlog.current().events()).isZero();
		assertThat(this.backlog.current().pendingOrders()).isEqualTo(1);
	}

	@Test
	void countsEveryPlacementWhileTheSagaHasNoPositionYet() {
		// the tokens a saga is given on an empty event store: it reads from the start
		this.jdbc.update("INSERT INTO token_entry VALUES ('test-saga', 0, NULL, NULL)");
		placed(1);
		placed(2);
		this.jdbc.update("INSERT INTO domain_event_entry VALUES (3, 'test.Other', '2026-12-03T09:00:00Z')");

		this.backlog.measure();

		assertThat(this.backlog.current().pendingOrders()).isEqualTo(2);
		assertThat(this.backlog.current().events()).isEqualTo(3);
	}

	@Test
	void countsNothingBeforeTheSagaHasTokensAtAll() {
		// it will start at the head it finds then: what lies before is not its to decide
		placed(1);

		this.backlog.measure();

		assertThat(this.backlog.current().pendingOrders()).isZero();
		assertThat(this.backlog.current().events()).isZero();
	}

	@Test
	void measuresSoonWhenAskedRatherThanAtTheCheckIntervalAndOnceForAFloodOfAsks() {
		sagaAt(GapAwareTrackingToken.newInstance(1, Set.of()));
		// the one made as it started, then this one; the next at the check interval would
		// be an hour later, and asked for, it is made half a second after this one began
		await().atMost(Duration.ofSeconds(10)).until(() -> this.backlog.current().known());
		this.backlog.measure();
		long measured = this.backlog.measurements();
		placed(2);

		for (int ask = 0; ask < 1000; ask++) {
			this.backlog.measureSoon();
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> this.backlog.current().pendingOrders() == 1);
		assertThat(this.backlog.measurements()).isEqualTo(measured + 1);
	}

	@Test
	void aFailedMeasurementLeavesNoLagButKeepsTheOrdersTheLastOneCounted() {
		sagaAt(GapAwareTrackingToken.newInstance(1, Set.of()));
		placed(2);
		placed(3);
		this.backlog.measure();
		assertThat(this.backlog.current().pendingOrders()).isEqualTo(2);

		this.jdbc.execute("DROP TABLE token_entry");
		this.backlog.measure();

		assertThat(this.backlog.current().known()).isFalse();
		assertThat(this.backlog.current().lag()).isZero();
		assertThat(this.backlog.current().pendingOrders()).isEqualTo(2);
	}

	@Test
	void countsTheOrdersAfterThePositionByItsRangeEvenOnATableWithoutStatistics() {
		// never analyzed: the planner knows the table's size but not its indexes' values
		this.jdbc.update("INSERT INTO domain_event_entry SELECT i, ?, '2026-12-03T09:00:00Z'"
				+ " FROM generate_series(1, 50000) AS i", PLACED);

		String plan = String.join("\n", this.jdbc.queryForList("EXPLAIN " + SagaBacklog.unstarted("17, 23"),
				String.class, PLACED, 49990L, 50000L));

		// a scan of the whole stream per measurement would grow with its history
		assertThat(plan).contains("domain_event_entry_pkey").doesNotContain("Seq Scan");
	}

	private void sagaAt(GapAwareTrackingToken token) {
		SerializedObject<byte[]> data = this.serializer.serialize(token, byte[].class);
		this.jdbc.update("INSERT INTO token_entry VALUES ('test-saga', 0, ?, ?)", data.getData(),
				data.getType().getName());
	}

	private void placed(long index) {
		this.jdbc.update("INSERT INTO domain_event_entry VALUES (?, ?, '2026-12-03T09:00:00Z')", index, PLACED);
	}

}
