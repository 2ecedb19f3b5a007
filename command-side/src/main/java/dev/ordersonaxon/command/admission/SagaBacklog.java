package dev.ordersonaxon.command.admission;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How far the order saga is behind the event store, and how many orders it is deciding,
 * measured from what every command node can read: the saga's tokens, its stored instances
 * and the event store. So all nodes see the same backlog, whichever of them runs the
 * saga. While running, one thread of its own calls {@link #measure()} (a few indexed
 * queries) every check interval, on a connection of its own: when orders pour in and the
 * application's pool is exhausted, which is when the backlog matters most, it must still
 * be seen. Each measurement reads one read-only snapshot in one transaction. Requests
 * read {@link #current()}, a field; near the bound on pending orders a request asks for
 * the next measurement {@link #measureSoon() soon}, since the orders decided after the
 * last one still count against the bound until one sees them.
 */
public class SagaBacklog implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(SagaBacklog.class);

	private final HikariConfig connection;

	private HikariDataSource dataSource;

	private volatile JdbcTemplate jdbc;

	/** One read-only snapshot per measurement: one commit, and counts that agree. */
	private volatile TransactionTemplate snapshot;

	private final Serializer serializer;

	private final String processorName;

	private final List<String> handledTypes;

	private final String oldestHandled;

	private final String sagaType;

	private final String startingType;

	private final Duration checkInterval;

	private final long recheckNanos;

	private final Clock clock;

	private final Placements placements;

	private volatile Measurement current = Measurement.NONE;

	private boolean failing;

	private volatile ScheduledExecutorService executor;

	/** Whether a measurement asked for by {@link #measureSoon()} is yet to begin. */
	private final AtomicBoolean soon = new AtomicBoolean();

	/** {@link System#nanoTime()} as the last measurement began. */
	private volatile long lastBegan;

	private final AtomicLong measurements = new AtomicLong();

	/**
	 * @param connection how to connect to the event store: a pool of one connection is
	 * made of it while running (see {@link #connectionLike(DataSource)})
	 * @param saga what the saga is: its processor, the event types that processor hands
	 * to a handler (the age of the oldest of those it has not handled is its lag; it
	 * passes over the others, and may record that it has up to a second later), the type
	 * its instances are stored as, and the event that starts one
	 * @param checkInterval how often it is measured
	 * @param recheckInterval how soon after a measurement began {@link #measureSoon()}
	 * has the next one made, at the earliest
	 * @param placements this node's placements, whose count of stored ones each
	 * measurement notes as it begins
	 */
	public SagaBacklog(HikariConfig connection, Serializer serializer, Saga saga, Duration checkInterval,
			Duration recheckInterval, Clock clock, Placements placements) {
		this.connection = connection;
		this.serializer = serializer;
		this.processorName = saga.processorName();
		this.handledTypes = List.copyOf(saga.handledTypes());
		this.sagaType = saga.sagaType();
		this.startingType = saga.startingType();
		this.oldestHandled = "SELECT time_stamp FROM domain_event_entry WHERE global_index > ? AND payload_type IN ("
				+ String.join(", ", Collections.nCopies(this.handledTypes.size(), "?"))
				+ ") ORDER BY global_index FETCH FIRST 1 ROWS ONLY";
		this.checkInterval = checkInterval;
		this.recheckNanos = Math.min(recheckInterval.toNanos(), checkInterval.toNanos());
		this.lastBegan = System.nanoTime() - this.recheckNanos;
		this.clock = clock;
		this.placements = placements;
	}

	/**
	 * The last measurement: {@link Measurement#NONE} before the first, and one that is
	 * not {@link Measurement#known() known} after a failed one.
	 */
	public Measurement current() {
		return this.current;
	}

	/**
	 * Measures the backlog now: the events after the lowest position of the saga's
	 * segments, and the age of the first of them the saga handles. A measurement that
	 * fails (the database away) leaves no lag: nothing is refused for a lag that cannot
	 * be seen. It keeps the orders the last one counted as being decided, which, with
	 * this node's placements since that one began, still count against the bound.
	 */
	public synchronized void measure() {
		this.lastBegan = System.nanoTime();
		this.measurements.incrementAndGet();
		try {
			this.current = read();
			if (this.failing) {
				logger.info("Measuring the saga's backlog again");
				this.failing = false;
			}
		}
		catch (RuntimeException ex) {
			this.current = Measurement.failedAfter(this.current);
			if (!this.failing) {
				logger.warn("Could not measure the saga's backlog; until it can be, its lag refuses no order, and"
						+ " a bound on pending orders counts those last measured and every placement of this node"
						+ " since: {}", ex.toString());
				this.failing = true;
			}
		}
	}

	/**
	 * Has the next measurement made soon rather than at the next check interval: one
	 * recheck interval after the last one began, or now if that has passed. Calls before
	 * it begins ask for that same one, so a flood of requests costs at most one
	 * measurement per recheck interval. Does nothing unless running.
	 */
	public void measureSoon() {
		ScheduledExecutorService running = this.executor;
		if (running == null || !this.soon.compareAndSet(false, true)) {
			return;
		}
		long wait = Math.max(0, this.recheckNanos - (System.nanoTime() - this.lastBegan));
		try {
			running.schedule(() -> {
				// placements from here on ask for the one after this
				this.soon.set(false);
				measure();
			}, wait, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// stopping
			this.soon.set(false);
		}
	}

	/** How many measurements began since it was made. */
	long measurements() {
		return this.measurements.get();
	}

	private Measurement read() {
		// before the queries: what this node stores from here on may be missed by them
		long storedHere = this.placements.stored();
		Instant now = this.clock.instant();
		return this.snapshot.execute((status) -> read(storedHere, now));
	}

	private Measurement read(long storedHere, Instant now) {
		Long head = this.jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
		if (head == null) {
			return new Measurement(Duration.ZERO, 0, 0, now, storedHere);
		}
		List<Position> positions = this.jdbc.query("SELECT token, token_type FROM token_entry WHERE processor_name = ?",
				(rs, row) -> position(rs.getBytes("token"), rs.getString("token_type")), this.processorName);
		// without tokens the saga has not started: it will, at the head it then finds
		long position = positions.stream().mapToLong(Position::index).min().orElse(head);
		long events = Math.max(0, head - position);
		// Indexes below the position that a segment has not seen yet: a placement
		// committed late, after the saga read past its index, is waiting there.
		String gaps = positions.stream()
			.flatMap((segment) -> segment.gaps().stream())
			.filter((gap) -> gap <= position)
			.distinct()
			.map(String::valueOf)
			.collect(Collectors.joining(", "));
		// One snapshot: the saga stores an instance and moves its token past the event
		// that started it in one transaction. With one segment each order is counted
		// once; with several, one whose saga started on a segment ahead of the slowest
		// may be counted twice.
		long unstarted = (events == 0 && gaps.isEmpty()) ? 0
				: this.jdbc.queryForObject(unstarted(gaps), Long.class, this.startingType, position, head);
		long running = this.jdbc.queryForObject("SELECT count(*) FROM saga_entry WHERE saga_type = ?", Long.class,
				this.sagaType);
		long pending = unstarted + running;
		if (events == 0) {
			return new Measurement(Duration.ZERO, 0, pending, now, storedHere);
		}
		List<Object> arguments = new ArrayList<>(this.handledTypes.size() + 1);
		arguments.add(position);
		arguments.addAll(this.handledTypes);
		List<String> oldest = this.jdbc.queryForList(this.oldestHandled, String.class, arguments.toArray());
		Duration lag = oldest.isEmpty() ? Duration.ZERO : Duration.between(Instant.parse(oldest.get(0)), now);
		return new Measurement(lag.isNegative() ? Duration.ZERO : lag, events, pending, now, storedHere);
	}

	/**
	 * Counts the events of a type (the first parameter) after a position (the second) up
	 * to the head (the third), and at the given indexes below it. The head bounds the
	 * range although nothing lies beyond it: without it, a planner that has no statistics
	 * of the table (autovacuum off, or not run yet) scanned all of it, every check
	 * interval (15 ms a measurement at 56,000 events, growing with the history); with
	 * both ends it reads the primary key's range.
	 * @param gaps indexes, comma-separated, or empty
	 */
	static String unstarted(String gaps) {
		return "SELECT count(*) FROM domain_event_entry WHERE payload_type = ?"
				+ " AND ((global_index > ? AND global_index <= ?)"
				+ (gaps.isEmpty() ? "" : " OR global_index IN (" + gaps + ")") + ")";
	}

	private Position position(byte[] data, String type) {
		if (data == null || type == null) {
			// No position yet: the segment reads from the start of the stream. That is
			// what the saga's tokens hold when they were made on an empty event store,
			// until it has read an event; not the head, which has moved on since.
			return Position.START;
		}
		TrackingToken token = this.serializer.deserialize(new SimpleSerializedObject<>(data, byte[].class, type, null));
		if (token == null || token.position().isEmpty()) {
			return Position.START;
		}
		Set<Long> gaps = (WrappedToken.unwrapLowerBound(token) instanceof GapAwareTrackingToken gapAware)
				? gapAware.getGaps() : Set.of();
		return new Position(token.position().getAsLong(), gaps);
	}

	/** How far a segment of the saga is: the index it reached, and the gaps below it. */
	private record Position(long index, Set<Long> gaps) {

		/** Before the first event: global indexes start at 1. */
		static final Position START = new Position(0, Set.of());

	}

	/**
	 * The settings of the application's pool (URL, user, schema and the rest) for a pool
	 * of one read-only, repeatable-read connection of the measurements' own, which waits
	 * at most a second for it.
	 */
	public static HikariConfig connectionLike(DataSource dataSource) {
		HikariConfig config = new HikariConfig();
		try {
			dataSource.unwrap(HikariDataSource.class).copyStateTo(config);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The saga's backlog is measured on a Hikari pool like the application's,"
					+ " but the application's data source is not one: " + dataSource, ex);
		}
		config.setPoolName("saga-backlog");
		// each measurement is one snapshot
		config.setReadOnly(true);
		config.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
		config.setMaximumPoolSize(1);
		config.setMinimumIdle(1);
		config.setConnectionTimeout(1000);
		// the application starts while the database is away; measuring waits for it
		config.setInitializationFailTimeout(-1);
		return config;
	}

	@Override
	public synchronized void start() {
		this.dataSource = new HikariDataSource(this.connection);
		this.jdbc = new JdbcTemplate(this.dataSource);
		// the pool's connections are read-only and repeatable-read already (see
		// connectionLike): set per transaction, each would cost statements of its own
		this.snapshot = new TransactionTemplate(new JdbcTransactionManager(this.dataSource));
		// one asked for before a stop was dropped with the executor
		this.soon.set(false);
		this.executor = Executors.newSingleThreadScheduledExecutor(new AxonThreadFactory("saga-backlog"));
		long interval = this.checkInterval.toMillis();
		this.executor.scheduleWithFixedDelay(this::measure, 0, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
		if (this.dataSource != null) {
			this.dataSource.close();
			this.dataSource = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	/**
	 * The saga whose backlog is measured.
	 *
	 * @param processorName its event processor, whose tokens say how far it is
	 * @param handledTypes the event types its processor hands to a handler
	 * @param sagaType the type its instances are stored as in {@code saga_entry}; an
	 * instance is stored while its order is being decided
	 * @param startingType the payload type of the event that starts an instance
	 */
	public record Saga(String processorName, Set<String> handledTypes, String sagaType, String startingType) {

	}

	/**
	 * The saga's backlog at one moment.
	 *
	 * @param lag age of the oldest event the saga has yet to handle
	 * @param events how many events there are after its position (of any type)
	 * @param pendingOrders orders being decided: the saga's running instances, and the
	 * orders placed after its position or in the gaps below it; this node's orders placed
	 * meanwhile are not all among them, see {@link Placements#unseenBy(long)}
	 * @param at when it was measured; null before the first measurement and after a
	 * failed one, whose other figures are then those of {@link #failedAfter(Measurement)}
	 * @param storedHereBefore this node's {@link Placements#stored()} as the measurement
	 * began
	 */
	public record Measurement(Duration lag, long events, long pendingOrders, Instant at, long storedHereBefore) {

		/** No measurement yet: every placement of this node counts as unseen. */
		public static final Measurement NONE = new Measurement(Duration.ZERO, 0, 0, null, 0);

		/**
		 * What a measurement that failed leaves: no lag, and the orders being decided as
		 * the last one counted them. Orders decided since still count, and so does every
		 * placement of this node since the last one began, so the bound on pending orders
		 * holds while nothing can be measured, erring on the side of refusing.
		 */
		static Measurement failedAfter(Measurement last) {
			return new Measurement(Duration.ZERO, 0, last.pendingOrders(), null, last.storedHereBefore());
		}

		/** Whether it was measured: false before the first and after a failed one. */
		public boolean known() {
			return this.at != null;
		}

	}

}
