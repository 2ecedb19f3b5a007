package dev.ordersonaxon.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.axonframework.common.jdbc.JdbcUtils;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

/**
 * Axon's JDBC storage engine, reading each event's timestamp once.
 * <p>
 * Axon keeps the stored timestamp as text and parses it with a general ISO formatter
 * every time it is asked: once to decide whether a gap before the event may still be
 * filled, and again for the message. In a replay profile that was a fifth of each
 * projection's CPU. Here each row's timestamp is parsed once, with a fast path for the
 * layout Axon writes ({@link IsoInstants}).
 * <p>
 * Missing global indexes (gaps) that a transaction still open may fill are tracked by
 * what the database says, not by time, on PostgreSQL: a gap is kept until every
 * transaction that could hold it has ended ({@link OpenTransactions}), however long that
 * takes, so no event is skipped because its transaction committed late. A processor that
 * starts at the head keeps the recent missing indexes below it as gaps for the same
 * reason. Elsewhere (H2) the token follows Axon's rules: a missing index before an event
 * younger than the gap timeout may still be filled, and at most {@code maxGapOffset}
 * indexes behind the newest are kept as gaps.
 * <p>
 * A stream that may block ends after {@link #SHARED_READ_LIMIT} events. Only Axon's
 * embedded event store asks for such streams, to fill the window of recent events it
 * shares among the processors that follow the head; its reader keeps every event of one
 * stream reachable until that stream ends, trimmed window or not (AxonFramework#2954).
 * Behind a writer faster than the reader, a stream that only ended when it found nothing
 * new held hundreds of thousands of events: a query side at 256 MB following a seeding at
 * 16,000 events/s ran out of memory in 4 of 6 tries. The store opens the next stream
 * right away, so nothing is read later for it. Such a stream also ends at its first fetch
 * that is not full, which spares the store's reader one empty fetch each time it wakes.
 * <p>
 * On PostgreSQL a fetch asks for the next events after the token, not for the events in
 * the next range of indexes, so one that is not full has reached the head: Axon's probe
 * for the next index after an empty range is never needed. Having got events, the store's
 * reader reads again at once; that read is answered from memory, with nothing, when the
 * last fetch reached the head from the same token less than a poll interval ago and no
 * commit was reported since it began ({@link #eventsCommitted()}). A commit is reported
 * after it is visible, so one not reported by then was seen by that fetch. (Where a unit
 * of work's transaction joins an outer one, Axon's after-commit step, and with it the
 * report, comes before the outer commit; the commit's notification, which PostgreSQL
 * sends once it is visible, reports it then.)
 */
public class ParsedTimestampJdbcEventStorageEngine extends JdbcEventStorageEngine {

	/**
	 * Events per stream read for the embedded event store's shared window (of 10,000
	 * events by default): what that store's reader keeps beyond the window.
	 */
	static final int SHARED_READ_LIMIT = 2_000;

	private final GapSettings gaps;

	/** Present when gaps are tracked by open transactions (on PostgreSQL). */
	private final OpenTransactions openTransactions;

	/** The open transactions as of the start of the fetch this thread is reading. */
	private final ThreadLocal<Fetch> fetch = new ThreadLocal<>();

	/** The token of the last event a stream for the shared window handed out. */
	private volatile TrackingToken sharedWindowRead;

	/**
	 * How long a fetch that reached the head answers for, without commits reported; zero
	 * until a store reports them ({@link #commitReporter}).
	 */
	private volatile Duration headKnownFor = Duration.ZERO;

	/** Commits reported since the engine started ({@link #eventsCommitted()}). */
	private final AtomicLong commitsReported = new AtomicLong();

	/** The last fetch for the shared window, when it reached the head. */
	private volatile HeadReached headReached;

	public ParsedTimestampJdbcEventStorageEngine(JdbcEventStorageEngine.Builder builder, GapSettings gaps) {
		super(builder.lowestGlobalSequence(gaps.lowestGlobalSequence())
			.maxGapOffset(gaps.maxGapOffset())
			.gapTimeout((int) gaps.gapTimeout().toMillis())
			// Axon's clean-up forgets gaps by time alone
			.gapCleaningThreshold(gaps.trackOpenTransactions() ? Integer.MAX_VALUE : 250)
			// a fetch for the next events after the token finds any there are
			.extendedGapCheckEnabled(!gaps.trackOpenTransactions()));
		this.gaps = gaps;
		this.openTransactions = gaps.trackOpenTransactions() ? new OpenTransactions() : null;
	}

	/**
	 * A stream that may block, the one Axon's embedded event store reads its shared
	 * window from, ends after {@link #SHARED_READ_LIMIT} events, or at its first fetch
	 * that is not full; the streams a processor reads on its own are left as they are.
	 */
	@Override
	protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken trackingToken, boolean mayBlock) {
		if (!mayBlock) {
			return super.readEventData(trackingToken, false);
		}
		return StreamSupport.stream(new SharedWindowRead(trackingToken), false);
	}

	/**
	 * Whether a stream for the embedded store's shared window has handed out the event at
	 * this global index: if so, every processor that follows the head has it, or reads it
	 * itself. False for an index that was missing (a gap) when the stream passed it,
	 * until the stream hands it out.
	 */
	public boolean sharedWindowHasRead(long globalIndex) {
		return this.sharedWindowRead instanceof GapAwareTrackingToken read && globalIndex <= read.getIndex()
				&& !read.getGaps().contains(globalIndex);
	}

	/**
	 * For the store that reports to this engine every commit it wakes its reader for:
	 * from now on, a read for the shared window from where the last fetch reached the
	 * head is answered without a fetch while no commit has been reported since that fetch
	 * began, for less than {@code pollInterval}, so that a commit nobody reported is
	 * still found at about the next poll. Until this is called, every such read fetches.
	 * @param pollInterval the store's poll interval
	 * @return what the store runs for each commit, before it wakes its reader
	 */
	public Runnable commitReporter(Duration pollInterval) {
		this.headKnownFor = pollInterval;
		return this::eventsCommitted;
	}

	/**
	 * Reports that events were committed: this process's own, after their commit, or
	 * another's, on a notification that came after it. The next read for the shared
	 * window fetches.
	 */
	public void eventsCommitted() {
		this.commitsReported.incrementAndGet();
	}

	/** Forgets the fetch once read: its connection goes back to the pool. */
	@Override
	protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
		try {
			return super.fetchTrackedEvents(lastToken, batchSize);
		}
		finally {
			this.fetch.remove();
		}
	}

	@Override
	protected PreparedStatement readEventData(Connection connection, TrackingToken lastToken, int batchSize)
			throws SQLException {
		if (this.openTransactions != null) {
			// a snapshot only tells about gaps seen before: a token without one (most
			// fetches) saves the query
			boolean judgesGaps = lastToken instanceof GapAwareTrackingToken token && token.hasGaps()
					&& this.openTransactions.watchesAnyOf(token.getGaps());
			this.fetch
				.set(new Fetch(judgesGaps ? this.openTransactions.snapshot(connection) : OpenTransactions.Snapshot.NONE,
						connection));
			return nextEvents(connection, (GapAwareTrackingToken) lastToken, batchSize);
		}
		return super.readEventData(connection, lastToken, batchSize);
	}

	/**
	 * The first {@code count} events after the token, those filling its gaps first. The
	 * events after its index are one scan of the primary key from there, stopped after
	 * {@code count} rows, however many indexes are missing on the way.
	 */
	private PreparedStatement nextEvents(Connection connection, GapAwareTrackingToken token, int count)
			throws SQLException {
		String index = schema().globalIndexColumn();
		String select = "SELECT " + schema().trackedEventFields() + " FROM " + schema().domainEventTable() + " WHERE ";
		String after = select + index + ((token != null) ? " > ?" : " >= ?") + " ORDER BY " + index + " LIMIT ?";
		boolean hasGaps = token != null && token.hasGaps();
		PreparedStatement statement = connection.prepareStatement(hasGaps
				? select + index + " = ANY (?) UNION ALL (" + after + ") ORDER BY " + index + " LIMIT ?" : after);
		int parameter = 1;
		if (hasGaps) {
			statement.setArray(parameter++, connection.createArrayOf("bigint", token.getGaps().toArray()));
		}
		statement.setLong(parameter++, (token != null) ? token.getIndex() : this.gaps.lowestGlobalSequence());
		statement.setInt(parameter++, count);
		if (hasGaps) {
			statement.setInt(parameter, count);
		}
		return statement;
	}

	@Override
	public TrackingToken createHeadToken() {
		TrackingToken head = super.createHeadToken();
		if (this.openTransactions == null || !(head instanceof GapAwareTrackingToken headToken)) {
			return head;
		}
		long index = headToken.getIndex();
		long from = Math.max(this.gaps.lowestGlobalSequence(), index - this.gaps.maxGapOffset());
		List<Long> present = JdbcUtils.executeQuery(getConnection(), (connection) -> {
			PreparedStatement statement = connection.prepareStatement(
					"SELECT " + schema().globalIndexColumn() + " FROM " + schema().domainEventTable() + " WHERE "
							+ schema().globalIndexColumn() + " >= ? AND " + schema().globalIndexColumn() + " < ?");
			statement.setLong(1, from);
			statement.setLong(2, index);
			return statement;
		}, JdbcUtils.listResults((resultSet) -> resultSet.getLong(1)),
				(ex) -> new EventStoreException("Failed to read the indexes below the head", ex));
		SortedSet<Long> missing = LongStream.range(from, index)
			.boxed()
			.collect(TreeSet::new, TreeSet::add, TreeSet::addAll);
		// one by one: removeAll asks the list whether it holds each of the set's indexes
		// when the list is as long as the set, ~50 million comparisons at the default
		// maxGapOffset of 10,000
		present.forEach(missing::remove);
		return GapAwareTrackingToken.newInstance(index, missing);
	}

	@Override
	protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
			throws SQLException {
		long globalIndex = resultSet.getLong(schema().globalIndexColumn());
		String aggregateIdentifier = resultSet.getString(schema().aggregateIdentifierColumn());
		String eventIdentifier = resultSet.getString(schema().eventIdentifierColumn());
		// Axon stores an event that no aggregate applied with its own id as aggregate id
		EntryWithInstant<?> event = entry(resultSet,
				eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier, eventIdentifier);
		return new TrackedDomainEventData<>(nextToken(previousToken, globalIndex, event.getTimestamp()), event);
	}

	@Override
	protected DomainEventData<?> getDomainEventData(ResultSet resultSet) throws SQLException {
		return entry(resultSet, resultSet.getString(schema().aggregateIdentifierColumn()),
				resultSet.getString(schema().eventIdentifierColumn()));
	}

	GapAwareTrackingToken nextToken(GapAwareTrackingToken previous, long globalIndex, Instant eventTime) {
		Fetch current = (this.openTransactions != null) ? this.fetch.get() : null;
		if (current != null) {
			return nextToken(previous, globalIndex, current.snapshot(), current::newTransactionId);
		}
		boolean gapsMayFill = eventTime.isAfter(this.gaps.clock().instant().minus(this.gaps.gapTimeout()));
		if (previous != null) {
			return previous.advanceTo(globalIndex, gapsMayFill ? this.gaps.maxGapOffset() : 0);
		}
		SortedSet<Long> missing = gapsMayFill
				? LongStream.range(Math.min(this.gaps.lowestGlobalSequence(), globalIndex), globalIndex)
					.boxed()
					.collect(TreeSet::new, TreeSet::add, TreeSet::addAll)
				: Collections.emptySortedSet();
		return GapAwareTrackingToken.newInstance(globalIndex, missing);
	}

	/**
	 * The token after the event at {@code globalIndex}, keeping every gap that an open
	 * transaction may still fill as of {@code snapshot}, and every gap above
	 * {@code globalIndex}: rows come in the order of their index, so the row of such a
	 * gap may come later in this very fetch, committed after the snapshot was taken and
	 * before the rows were read. A gap below it whose row has not come by now is missing
	 * from this fetch.
	 */
	GapAwareTrackingToken nextToken(GapAwareTrackingToken previous, long globalIndex,
			OpenTransactions.Snapshot snapshot, LongSupplier newTransactionId) {
		GapAwareTrackingToken advanced;
		if (previous == null) {
			long from = Math.max(this.gaps.lowestGlobalSequence(), globalIndex - this.gaps.maxGapOffset());
			advanced = GapAwareTrackingToken.newInstance(globalIndex,
					LongStream.range(Math.min(from, globalIndex), globalIndex)
						.boxed()
						.collect(TreeSet::new, TreeSet::add, TreeSet::addAll));
		}
		else {
			if (previous.getGaps().contains(globalIndex)) {
				this.openTransactions.filled(globalIndex);
			}
			advanced = previous.advanceTo(globalIndex, Integer.MAX_VALUE);
		}
		if (!advanced.hasGaps()) {
			return advanced;
		}
		SortedSet<Long> open = new TreeSet<>();
		for (Long gap : advanced.getGaps()) {
			if (gap > globalIndex || this.openTransactions.mayStillFill(gap, snapshot, newTransactionId)) {
				open.add(gap);
			}
		}
		return (open.size() == advanced.getGaps().size()) ? advanced
				: GapAwareTrackingToken.newInstance(advanced.getIndex(), open);
	}

	/**
	 * Whether a fetch from this token reached the head less than {@code headKnownFor} ago
	 * and no commit was reported since it began: then a fetch now would find nothing.
	 */
	private boolean headKnownAt(TrackingToken token) {
		HeadReached head = this.headReached;
		if (head == null || head.commitsReported() != this.commitsReported.get()
				|| !Objects.equals(head.token(), token)) {
			return false;
		}
		long age = this.gaps.clock().millis() - head.fetchBegan();
		return age >= 0 && age < this.headKnownFor.toMillis();
	}

	private EntryWithInstant<?> entry(ResultSet resultSet, String aggregateIdentifier, String eventIdentifier)
			throws SQLException {
		EventSchema schema = schema();
		String timestamp = resultSet.getString(schema.timestampColumn());
		return new EntryWithInstant<>(resultSet.getString(schema.typeColumn()), aggregateIdentifier,
				resultSet.getLong(schema.sequenceNumberColumn()), eventIdentifier, timestamp,
				IsoInstants.parse(timestamp), resultSet.getString(schema.payloadTypeColumn()),
				resultSet.getString(schema.payloadRevisionColumn()), readPayload(resultSet, schema.payloadColumn()),
				readPayload(resultSet, schema.metaDataColumn()));
	}

	/**
	 * The fetch a thread is reading: the snapshot taken before it, and its connection,
	 * which gives a new transaction id, once, when the fetch shows a gap for the first
	 * time.
	 */
	private static final class Fetch {

		private final OpenTransactions.Snapshot snapshot;

		private final Connection connection;

		private long newTransactionId = -1;

		Fetch(OpenTransactions.Snapshot snapshot, Connection connection) {
			this.snapshot = snapshot;
			this.connection = connection;
		}

		OpenTransactions.Snapshot snapshot() {
			return this.snapshot;
		}

		long newTransactionId() {
			if (this.newTransactionId < 0) {
				try {
					this.newTransactionId = OpenTransactions.newTransactionId(this.connection);
				}
				catch (SQLException ex) {
					throw new EventStoreException("Failed to take a transaction id for a gap's horizon", ex);
				}
			}
			return this.newTransactionId;
		}

	}

	/**
	 * How the engine treats missing global indexes: the first index that exists, whether
	 * gaps are kept exactly as long as a transaction that may fill them is open (on
	 * PostgreSQL), and otherwise how far behind the newest event a gap is still tracked
	 * and for how long after an event was written a gap before it may still be filled.
	 * With open transactions tracked, {@code maxGapOffset} only bounds the gaps a new
	 * token starts with.
	 */
	public record GapSettings(long lowestGlobalSequence, int maxGapOffset, Duration gapTimeout, Clock clock,
			boolean trackOpenTransactions) {

		/** Axon's defaults, with gaps tracked by open transactions or not. */
		public static GapSettings defaults(boolean trackOpenTransactions) {
			return new GapSettings(1, 10_000, Duration.ofMinutes(1), Clock.systemUTC(), trackOpenTransactions);
		}

	}

	/**
	 * A fetch that found every event after its start committed when it ran: from
	 * {@code token} there was nothing more as of {@code fetchBegan} (the clock's millis),
	 * when {@code commitsReported} commits had been reported.
	 */
	private record HeadReached(TrackingToken token, long commitsReported, long fetchBegan) {
	}

	/** A stored event whose timestamp was parsed when it was read. */
	static final class EntryWithInstant<T> extends GenericDomainEventEntry<T> {

		private final Instant instant;

		EntryWithInstant(String type, String aggregateIdentifier, long sequenceNumber, String eventIdentifier,
				String timestamp, Instant instant, String payloadType, String payloadRevision, T payload, T metaData) {
			super(type, aggregateIdentifier, sequenceNumber, eventIdentifier, timestamp, payloadType, payloadRevision,
					payload, metaData);
			this.instant = instant;
		}

		@Override
		public Instant getTimestamp() {
			return this.instant;
		}

	}

	/**
	 * The events after a token, fetched a batch at a time, for the embedded store's
	 * shared window. It ends at a batch that is not full: at the head, where Axon's own
	 * read would fetch again and find nothing (elsewhere than on PostgreSQL, also short
	 * of it where indexes in the fetched range are missing). Either way the store's
	 * reader, having got events, opens the next stream at once from the last one's token,
	 * gaps included; so the empty fetch Axon's read ended with (a transaction and, after
	 * it, Axon's probe for the next index), one of three per wake-up, is saved. That next
	 * stream does not fetch at all when the head is known from where it starts
	 * ({@link #headKnownAt}).
	 */
	private final class SharedWindowRead extends Spliterators.AbstractSpliterator<TrackedEventData<?>> {

		private TrackingToken last;

		private Iterator<? extends TrackedEventData<?>> batch = Collections.emptyIterator();

		private boolean lastBatch;

		private int read;

		SharedWindowRead(TrackingToken from) {
			super(Long.MAX_VALUE, ORDERED | NONNULL);
			this.last = from;
		}

		@Override
		public boolean tryAdvance(Consumer<? super TrackedEventData<?>> action) {
			if (this.read >= SHARED_READ_LIMIT) {
				return false;
			}
			if (!this.batch.hasNext()) {
				// nothing handed out yet: the stream's first fetch, from where it starts
				if (this.lastBatch || (this.read == 0 && headKnownAt(this.last))) {
					return false;
				}
				List<? extends TrackedEventData<?>> fetched = fetchBatch();
				this.lastBatch = fetched.size() < batchSize();
				this.batch = fetched.iterator();
				if (!this.batch.hasNext()) {
					return false;
				}
			}
			TrackedEventData<?> next = this.batch.next();
			this.last = next.trackingToken();
			this.read++;
			action.accept(next);
			// once the store has it in its window
			ParsedTimestampJdbcEventStorageEngine.this.sharedWindowRead = this.last;
			return true;
		}

		/** A batch after the last token, remembered as the head when it is not full. */
		private List<? extends TrackedEventData<?>> fetchBatch() {
			ParsedTimestampJdbcEventStorageEngine engine = ParsedTimestampJdbcEventStorageEngine.this;
			// read before the fetch's statement: a commit reported later may not be in it
			long reported = engine.commitsReported.get();
			long began = engine.gaps.clock().millis();
			engine.headReached = null;
			List<? extends TrackedEventData<?>> fetched = fetchTrackedEvents(this.last, batchSize());
			if (engine.openTransactions != null && fetched.size() < batchSize()) {
				TrackingToken head = fetched.isEmpty() ? this.last : fetched.get(fetched.size() - 1).trackingToken();
				engine.headReached = new HeadReached(head, reported, began);
			}
			return fetched;
		}

	}

}
