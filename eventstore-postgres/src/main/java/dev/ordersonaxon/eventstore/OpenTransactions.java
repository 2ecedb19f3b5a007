package dev.ordersonaxon.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Decides, on PostgreSQL, whether a missing global index may still be filled by a
 * transaction that has not committed yet.
 * <p>
 * A global index is taken from a sequence when an event row is inserted, so a transaction
 * that appended event N and is still open leaves N missing while later events are already
 * visible. Axon's engine gives such a gap a fixed time (the gap timeout) and then forgets
 * it; an event whose transaction commits later than that is skipped by every processor.
 * Here a gap is forgotten only when the database shows that every transaction that could
 * hold it has ended:
 * <ol>
 * <li>when a gap is first seen, the transaction holding it (if any) had already taken its
 * index, and it got its transaction id before it took the index (the event table's insert
 * trigger sees to that: {@code V7__global_index_after_transaction_id.sql}); so an id
 * assigned after that moment is above it. The reader takes one (its fetch's own,
 * {@code pg_current_xact_id()}) as the gap's <em>horizon</em>. A snapshot's {@code xmax}
 * would not do: it is one past the newest <em>completed</em> transaction, and one that
 * got its id later and still runs lies above it (the fault-injection suite lost an order
 * that way);</li>
 * <li>once a later snapshot's {@code xmin} (the oldest transaction still running) has
 * reached the horizon, that transaction has ended; as the snapshot is taken before the
 * fetch that reads the gap's index, a committed event would have been returned by that
 * fetch and filled the gap, so a gap still missing then was rolled back.</li>
 * </ol>
 * A snapshot is read with {@code pg_current_snapshot()} (which needs no privilege) before
 * a fetch whose token holds a watched gap, the only kind a snapshot can tell about; a
 * fetch from a token without one skips it ({@link Snapshot#NONE}), which is most fetches.
 * A fetch that sees a new gap takes a transaction id for the horizon, once. A gap costs a
 * map entry from the moment it is seen until it is filled or forgotten, typically a fetch
 * or two.
 */
final class OpenTransactions {

	/**
	 * Beyond this many watched gaps, the oldest knowledge is dropped (conservatively).
	 */
	private static final int MAX_WATCHED = 100_000;

	private static final String SNAPSHOT_QUERY = "SELECT pg_snapshot_xmin(s)::text, pg_snapshot_xmax(s)::text"
			+ " FROM pg_current_snapshot() AS s";

	private static final String NEW_TRANSACTION_ID_QUERY = "SELECT pg_current_xact_id()::text";

	/** Orders snapshots and first sightings across the threads that share this engine. */
	private final AtomicLong clock = new AtomicLong();

	private final ConcurrentMap<Long, Watch> watched = new ConcurrentHashMap<>();

	/**
	 * Reads the running transactions as of now, before a fetch on the same connection.
	 */
	Snapshot snapshot(Connection connection) throws SQLException {
		// ordered before the query runs: a snapshot ordered after a sighting was taken
		// after it
		long order = this.clock.incrementAndGet();
		try (PreparedStatement statement = connection.prepareStatement(SNAPSHOT_QUERY);
				ResultSet resultSet = statement.executeQuery()) {
			resultSet.next();
			return new Snapshot(order, Long.parseLong(resultSet.getString(1)), Long.parseLong(resultSet.getString(2)));
		}
	}

	/**
	 * Whether a snapshot can tell anything about these gaps of a token: only about gaps
	 * seen before, whose horizon is known.
	 */
	boolean watchesAnyOf(Collection<Long> gaps) {
		if (this.watched.isEmpty()) {
			return false;
		}
		for (Long gap : gaps) {
			if (this.watched.containsKey(gap)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the event at {@code gap} may still appear, judged with the snapshot taken
	 * before the fetch now being read; {@code newTransactionId} gives an id assigned now,
	 * for a gap seen for the first time.
	 */
	boolean mayStillFill(long gap, Snapshot snapshot, LongSupplier newTransactionId) {
		Watch watch = this.watched.get(gap);
		if (watch == null) {
			if (this.watched.size() >= MAX_WATCHED) {
				this.watched.clear();
			}
			long horizon = newTransactionId.getAsLong();
			this.watched.putIfAbsent(gap, new Watch(this.clock.incrementAndGet(), horizon));
			return true;
		}
		if (snapshot.order() > watch.firstSeen() && snapshot.xmin() >= watch.horizon()) {
			this.watched.remove(gap, watch);
			return false;
		}
		return true;
	}

	/**
	 * A transaction id assigned now, on the fetch's connection: above every id assigned
	 * before it.
	 */
	static long newTransactionId(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(NEW_TRANSACTION_ID_QUERY);
				ResultSet resultSet = statement.executeQuery()) {
			resultSet.next();
			return Long.parseLong(resultSet.getString(1));
		}
	}

	/** An index that was a gap has been read: its event committed. */
	void filled(long gap) {
		this.watched.remove(gap);
	}

	int watchedGaps() {
		return this.watched.size();
	}

	/**
	 * The transactions running when a fetch began: every id below {@code xmin} has ended,
	 * every id from {@code xmax} on had not started.
	 *
	 * @param order when it was taken, relative to other snapshots and first sightings
	 */
	record Snapshot(long order, long xmin, long xmax) {

		/** No snapshot was taken: it tells that no gap has been rolled back. */
		static final Snapshot NONE = new Snapshot(Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE);

	}

	/** When a gap was first seen, and an id its transaction lies below. */
	private record Watch(long firstSeen, long horizon) {
	}

}
