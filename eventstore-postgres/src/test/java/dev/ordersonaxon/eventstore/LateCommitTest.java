package dev.ordersonaxon.eventstore;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ordersonaxon.testsupport.TestDatabase;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event whose transaction commits long after later events were read is still
 * delivered: on PostgreSQL the engine keeps its missing index as a gap for as long as the
 * transaction is open, not for the gap timeout.
 */
class LateCommitTest {

	static final TestDatabase database = TestDatabase.create("late_commit");

	static final Duration GAP_TIMEOUT = Duration.ofSeconds(1);

	/** The engines' notion of now: moved past the gap timeout instead of waiting. */
	final MovableClock clock = new MovableClock();

	@BeforeAll
	static void eventTable() {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("""
					CREATE TABLE domain_event_entry (
					    global_index         bigserial    PRIMARY KEY,
					    event_identifier     varchar(255) NOT NULL UNIQUE,
					    aggregate_identifier varchar(255) NOT NULL,
					    sequence_number      bigint       NOT NULL,
					    type                 varchar(255),
					    time_stamp           varchar(255) NOT NULL,
					    payload_type         varchar(255) NOT NULL,
					    payload_revision     varchar(255),
					    payload              bytea        NOT NULL,
					    meta_data            bytea,
					    UNIQUE (aggregate_identifier, sequence_number))""");
			// as the command side's migration V7 does: a transaction has its id before it
			// takes an index
			statement.execute("""
					CREATE FUNCTION take_global_index() RETURNS trigger LANGUAGE plpgsql AS $$
					BEGIN
					    PERFORM pg_current_xact_id();
					    NEW.global_index := nextval('domain_event_entry_global_index_seq');
					    RETURN NEW;
					END $$""");
			statement.execute("ALTER TABLE domain_event_entry ALTER COLUMN global_index DROP DEFAULT");
			statement.execute("CREATE TRIGGER take_global_index BEFORE INSERT ON domain_event_entry"
					+ " FOR EACH ROW EXECUTE FUNCTION take_global_index()");
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@BeforeEach
	void emptyStore() throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("TRUNCATE domain_event_entry RESTART IDENTITY");
		}
	}

	@Test
	void deliversAnEventWhoseTransactionCommitsAfterTheGapTimeout() throws SQLException {
		ParsedTimestampJdbcEventStorageEngine engine = engine(true);
		append(engine, "before");
		try (Connection late = connect()) {
			late.setAutoCommit(false);
			String lateEvent = insertWithoutCommit(late);
			append(engine, "after");
			Reader reader = new Reader(engine);
			assertThat(reader.next()).containsExactly("before", "after");

			// long past the gap timeout, later events keep being read while it is open
			this.clock.advance(GAP_TIMEOUT.multipliedBy(120));
			for (int i = 0; i < 3; i++) {
				append(engine, "meanwhile-" + i);
				assertThat(reader.next()).containsExactly("meanwhile-" + i);
			}
			assertThat(reader.token().getGaps()).hasSize(1);

			late.commit();
			assertThat(reader.next()).containsExactly(lateEvent);
			assertThat(reader.token().getGaps()).isEmpty();
		}
	}

	/**
	 * A snapshot's xmax is one past the newest <em>completed</em> transaction, not past
	 * every transaction that has an id: one that got its id after another, which
	 * committed a later index first, lies above that xmax while it runs. Its gap must
	 * still be waited for (the fault suite lost an order this way).
	 */
	@Test
	void waitsForATransactionWhoseIdIsAboveEveryCompletedOne() throws SQLException {
		ParsedTimestampJdbcEventStorageEngine engine = engine(true);
		append(engine, "before");
		try (Connection first = connect(); Connection second = connect(); Connection late = connect()) {
			for (Connection connection : List.of(first, second, late)) {
				connection.setAutoCommit(false);
			}
			// first and second have their ids before late, which takes the lowest index
			for (Connection connection : List.of(first, second)) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("SELECT pg_current_xact_id()");
				}
			}
			String lateEvent = insertWithoutCommit(late);
			String firstEvent = insertWithoutCommit(first);
			first.commit();
			Reader reader = new Reader(engine);
			assertThat(reader.next()).containsExactly("before", firstEvent);

			// read while the newest completed transaction is still older than late
			String secondEvent = insertWithoutCommit(second);
			second.commit();
			assertThat(reader.next()).containsExactly(secondEvent);
			// late is now the oldest transaction running
			for (int i = 0; i < 3; i++) {
				append(engine, "meanwhile-" + i);
				assertThat(reader.next()).containsExactly("meanwhile-" + i);
			}
			assertThat(reader.token().getGaps()).hasSize(1);

			late.commit();
			assertThat(reader.next()).containsExactly(lateEvent);
		}
	}

	@Test
	void withGapsKeptByTimeTheSameEventWouldBeSkipped() throws SQLException {
		ParsedTimestampJdbcEventStorageEngine engine = engine(false);
		append(engine, "before");
		try (Connection late = connect()) {
			late.setAutoCommit(false);
			insertWithoutCommit(late);
			append(engine, "after");
			Reader reader = new Reader(engine);
			assertThat(reader.next()).containsExactly("before", "after");

			this.clock.advance(GAP_TIMEOUT.multipliedBy(120));
			append(engine, "meanwhile");
			assertThat(reader.next()).containsExactly("meanwhile");

			late.commit();
			assertThat(reader.next()).isEmpty();
		}
	}

	@Test
	void forgetsTheIndexOfARolledBackTransactionOnceItHasEnded() throws SQLException {
		ParsedTimestampJdbcEventStorageEngine engine = engine(true);
		append(engine, "before");
		try (Connection rolledBack = connect()) {
			rolledBack.setAutoCommit(false);
			insertWithoutCommit(rolledBack);
			rolledBack.rollback();
		}
		append(engine, "after");
		Reader reader = new Reader(engine);
		assertThat(reader.next()).containsExactly("before", "after");
		assertThat(reader.token().getGaps()).hasSize(1);

		// seen, given a horizon by the next snapshot, forgotten once that has passed
		for (int i = 0; i < 2; i++) {
			append(engine, "next-" + i);
			reader.next();
		}
		assertThat(reader.token().getGaps()).isEmpty();
	}

	@Test
	void aProcessorStartingAtTheHeadWaitsForTransactionsStillOpenBelowIt() throws SQLException {
		ParsedTimestampJdbcEventStorageEngine engine = engine(true);
		append(engine, "old");
		try (Connection late = connect()) {
			late.setAutoCommit(false);
			String lateEvent = insertWithoutCommit(late);
			append(engine, "newest");

			Reader reader = new Reader(engine, (GapAwareTrackingToken) engine.createHeadToken());
			late.commit();

			assertThat(reader.next()).containsExactly(lateEvent);
		}
	}

	/**
	 * The reads behind Axon's shared window of recent events end after a bounded number
	 * of events, and the window still delivers everything, in order.
	 */
	@Nested
	class SharedWindow {

		static final int EVENTS = 2 * ParsedTimestampJdbcEventStorageEngine.SHARED_READ_LIMIT + 1;

		@Test
		void aStreamThatMayBlockEndsAfterTheLimitWhereAProcessorsOwnReadsOn() {
			ParsedTimestampJdbcEventStorageEngine engine = engine(true);
			appendAll(engine, EVENTS);
			TrackingToken first = firstToken(engine);

			assertThat(engine.readEvents(first, true).count())
				.isEqualTo(ParsedTimestampJdbcEventStorageEngine.SHARED_READ_LIMIT);
			assertThat(engine.readEvents(first, false).count()).isEqualTo(EVENTS - 1);
		}

		@Test
		void aStreamThatMayBlockEndsAtItsFirstFetchThatIsNotFullWhereAProcessorsOwnFetchesUntilEmpty() {
			CountingEngine engine = new CountingEngine(gapSettings(true));
			AtomicInteger fetches = engine.fetches;
			// one transaction: indexes without gaps after the first
			int events = engine.batchSize() + engine.batchSize() / 2;
			appendAll(engine, events);
			TrackingToken first = firstToken(engine);
			fetches.set(0);

			// a full fetch, then one of 49 that ends it
			assertThat(engine.readEvents(first, true).count()).isEqualTo(events - 1);
			assertThat(fetches.getAndSet(0)).isEqualTo(2);
			// the same, then an empty one
			assertThat(engine.readEvents(first, false).count()).isEqualTo(events - 1);
			assertThat(fetches.get()).isEqualTo(3);
		}

		@Test
		void aStreamFollowingTheHeadGetsEveryEventInOrderWhenMoreArriveThanOneReadTakes() throws InterruptedException {
			EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(engine(true)).build();
			try (TrackingEventStream stream = store.openStream(null)) {
				// nothing stored: it follows the head, through the shared window
				assertThat(stream.hasNextAvailable(0, TimeUnit.MILLISECONDS)).isFalse();
				List<String> appended = appendAll(store, EVENTS);

				List<String> delivered = new ArrayList<>();
				// Axon's stream may answer "nothing yet" before the timeout: ask again
				Instant deadline = Instant.now().plusSeconds(30);
				while (delivered.size() < EVENTS && Instant.now().isBefore(deadline)) {
					if (stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)) {
						delivered.add(stream.nextAvailable().getIdentifier());
					}
				}

				assertThat(delivered).isEqualTo(appended);
			}
			finally {
				store.shutDown();
			}
		}

		@Test
		void tellsWhichEventsTheSharedWindowHasReadAndNotOneMissingWhenItPassed() throws SQLException {
			ParsedTimestampJdbcEventStorageEngine engine = engine(true);
			append(engine, "before");
			try (Connection late = connect()) {
				late.setAutoCommit(false);
				long lateIndex = globalIndexOf(late, insertWithoutCommit(late));
				append(engine, "after");
				long before = globalIndexOf("before");
				long after = globalIndexOf("after");

				assertThat(engine.readEvents(null, false).count()).isEqualTo(2);
				assertThat(engine.sharedWindowHasRead(before)).as("a processor's own read").isFalse();

				List<? extends TrackedEventMessage<?>> read = engine.readEvents(null, true).toList();
				assertThat(read).hasSize(2);
				assertThat(engine.sharedWindowHasRead(before)).isTrue();
				assertThat(engine.sharedWindowHasRead(after)).isTrue();
				assertThat(engine.sharedWindowHasRead(lateIndex)).as("missing when read").isFalse();
				assertThat(engine.sharedWindowHasRead(after + 1)).isFalse();

				late.commit();
				assertThat(engine.readEvents(read.get(1).trackingToken(), true).count()).isEqualTo(1);
				assertThat(engine.sharedWindowHasRead(lateIndex)).isTrue();
			}
		}

		@Test
		void aReadFromWhereTheLastFoundTheHeadFetchesOnceACommitIsReportedOrThePollIntervalHasPassed() {
			Duration pollInterval = Duration.ofSeconds(1);
			CountingEngine engine = new CountingEngine(gapSettings(true));
			AtomicInteger fetches = engine.fetches;
			Runnable report = engine.commitReporter(pollInterval);
			append(engine, "first");
			TrackingToken head = engine.readEvents(null, true).toList().get(0).trackingToken();
			append(engine, "not reported");

			fetches.set(0);
			assertThat(engine.readEvents(head, true).count()).as("answered from memory").isZero();
			assertThat(fetches).hasValue(0);
			assertThat(engine.readEvents(head, false).count()).as("a processor's own read").isEqualTo(1);

			report.run();
			fetches.set(0);
			List<? extends TrackedEventMessage<?>> read = engine.readEvents(head, true).toList();
			assertThat(read).extracting(EventMessage::getIdentifier).containsExactly("not reported");
			assertThat(fetches).hasValue(1);

			TrackingToken second = read.get(0).trackingToken();
			append(engine, "found by the poll");
			LateCommitTest.this.clock.advance(pollInterval);
			assertThat(engine.readEvents(second, true).map(EventMessage::getIdentifier))
				.containsExactly("found by the poll");
		}

		@Test
		void aCommitReportedWhileAFetchRanIsFetchedByTheNextRead() {
			CountingEngine engine = new CountingEngine(gapSettings(true));
			Runnable report = engine.commitReporter(Duration.ofMinutes(1));
			append(engine, "first");
			// committed after the fetch's statement, reported before the fetch returns
			engine.afterNextFetch = () -> {
				append(engine, "during the fetch");
				report.run();
			};
			TrackingToken head = engine.readEvents(null, true).toList().get(0).trackingToken();

			engine.fetches.set(0);
			assertThat(engine.readEvents(head, true).map(EventMessage::getIdentifier))
				.containsExactly("during the fetch");
			assertThat(engine.fetches).hasValue(1);
		}

		@Test
		void aReadFromAnotherTokenThanWhereTheHeadWasFoundFetches() {
			ParsedTimestampJdbcEventStorageEngine engine = engine(true);
			engine.commitReporter(Duration.ofMinutes(1));
			append(engine, "first");
			append(engine, "second");
			List<? extends TrackedEventMessage<?>> read = engine.readEvents(null, true).toList();
			assertThat(read).hasSize(2);

			assertThat(engine.readEvents(read.get(1).trackingToken(), true).count()).isZero();
			assertThat(engine.readEvents(read.get(0).trackingToken(), true).map(EventMessage::getIdentifier))
				.containsExactly("second");
		}

		@Test
		void aReadFindsTheNextEventPastMoreMissingIndexesThanABatch() throws SQLException {
			ParsedTimestampJdbcEventStorageEngine engine = engine(true);
			Runnable report = engine.commitReporter(Duration.ofMinutes(1));
			append(engine, "before");
			TrackingToken before = engine.readEvents(null, true).toList().get(0).trackingToken();
			try (Connection connection = connect(); Statement statement = connection.createStatement()) {
				// indexes taken by inserts that rolled back
				statement.execute("SELECT nextval('domain_event_entry_global_index_seq') FROM generate_series(1, "
						+ 3 * engine.batchSize() + ")");
			}
			append(engine, "after");
			report.run();

			assertThat(engine.readEvents(before, true).map(EventMessage::getIdentifier)).containsExactly("after");
		}

		/** An engine that counts its fetches, and may run something after the next. */
		private static final class CountingEngine extends ParsedTimestampJdbcEventStorageEngine {

			final AtomicInteger fetches = new AtomicInteger();

			volatile Runnable afterNextFetch;

			CountingEngine(GapSettings gaps) {
				super(LateCommitTest.builder(), gaps);
			}

			@Override
			protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
				this.fetches.incrementAndGet();
				List<? extends TrackedEventData<?>> fetched = super.fetchTrackedEvents(lastToken, batchSize);
				Runnable after = this.afterNextFetch;
				this.afterNextFetch = null;
				if (after != null) {
					after.run();
				}
				return fetched;
			}

		}

		private long globalIndexOf(String eventIdentifier) throws SQLException {
			try (Connection connection = connect()) {
				return globalIndexOf(connection, eventIdentifier);
			}
		}

		private long globalIndexOf(Connection connection, String eventIdentifier) throws SQLException {
			try (PreparedStatement query = connection
				.prepareStatement("SELECT global_index FROM domain_event_entry WHERE event_identifier = ?")) {
				query.setString(1, eventIdentifier);
				try (var rows = query.executeQuery()) {
					rows.next();
					return rows.getLong(1);
				}
			}
		}

		/**
		 * The token of the first event stored: a fetch from no token may come short of
		 * its size, as indexes before the first event are missing.
		 */
		private TrackingToken firstToken(ParsedTimestampJdbcEventStorageEngine engine) {
			return engine.readEvents(null, false).findFirst().orElseThrow().trackingToken();
		}

		private List<String> appendAll(EventStore store, int count) {
			List<EventMessage<?>> events = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				events.add(new GenericEventMessage<>("event-" + i, "payload", Map.of(), Instant.now()));
			}
			store.publish(events);
			return events.stream().map(EventMessage::getIdentifier).toList();
		}

		private void appendAll(ParsedTimestampJdbcEventStorageEngine engine, int count) {
			List<EventMessage<?>> events = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				events.add(new GenericEventMessage<>("event-" + i, "payload", Map.of(), Instant.now()));
			}
			engine.appendEvents(events);
		}

	}

	private ParsedTimestampJdbcEventStorageEngine engine(boolean trackOpenTransactions) {
		return new ParsedTimestampJdbcEventStorageEngine(builder(), gapSettings(trackOpenTransactions));
	}

	private static JdbcEventStorageEngine.Builder builder() {
		return JdbcEventStorageEngine.builder()
			.connectionProvider(LateCommitTest::connect)
			.transactionManager(NoTransactionManager.INSTANCE)
			.snapshotSerializer(JacksonSerializer.defaultSerializer())
			.eventSerializer(JacksonSerializer.defaultSerializer())
			.schema(AxonJdbcAutoConfiguration.snakeCaseEventSchema(""));
	}

	private ParsedTimestampJdbcEventStorageEngine.GapSettings gapSettings(boolean trackOpenTransactions) {
		return new ParsedTimestampJdbcEventStorageEngine.GapSettings(1, 10_000, GAP_TIMEOUT, this.clock,
				trackOpenTransactions);
	}

	private static void append(ParsedTimestampJdbcEventStorageEngine engine, String identifier) {
		engine.appendEvents(new GenericEventMessage<>(identifier, "payload", Map.of(), Instant.now()));
	}

	/** Inserts an event in a transaction left open; its global index is taken now. */
	private static String insertWithoutCommit(Connection connection) throws SQLException {
		String identifier = "late-" + UUID.randomUUID();
		try (PreparedStatement insert = connection.prepareStatement("INSERT INTO domain_event_entry"
				+ " (event_identifier, aggregate_identifier, sequence_number, time_stamp, payload_type, payload,"
				+ " meta_data) VALUES (?, ?, 0, ?, 'java.lang.String', ?, ?)")) {
			insert.setString(1, identifier);
			insert.setString(2, identifier);
			insert.setString(3, Instant.now().toString());
			insert.setBytes(4, "\"late\"".getBytes(StandardCharsets.UTF_8));
			insert.setBytes(5, "{}".getBytes(StandardCharsets.UTF_8));
			insert.executeUpdate();
		}
		return identifier;
	}

	private static Connection connect() throws SQLException {
		return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
	}

	/** Reads the store the way a tracking processor does, one fetch at a time. */
	private static final class Reader {

		private final ParsedTimestampJdbcEventStorageEngine engine;

		private GapAwareTrackingToken token;

		Reader(ParsedTimestampJdbcEventStorageEngine engine) {
			this(engine, null);
		}

		Reader(ParsedTimestampJdbcEventStorageEngine engine, GapAwareTrackingToken token) {
			this.engine = engine;
			this.token = token;
		}

		List<String> next() {
			List<String> identifiers = new ArrayList<>();
			// fewer events than a batch: one fetch
			for (TrackedEventMessage<?> event : this.engine.readEvents(this.token, false).toList()) {
				identifiers.add(event.getIdentifier());
				this.token = (GapAwareTrackingToken) event.trackingToken();
			}
			return identifiers;
		}

		GapAwareTrackingToken token() {
			return this.token;
		}

	}

	/** A clock the test moves forward. */
	static final class MovableClock extends Clock {

		private volatile Instant now = Instant.now();

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneId.of("UTC");
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
