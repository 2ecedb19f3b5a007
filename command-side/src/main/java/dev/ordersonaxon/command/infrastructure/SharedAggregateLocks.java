package dev.ordersonaxon.command.infrastructure;

import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.lock.Lock;
import org.axonframework.common.lock.LockFactory;
import org.axonframework.common.lock.PessimisticLockFactory;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The lock an aggregate's repository takes before it loads the aggregate for a command:
 * held on every command node at once while the command's transaction lasts, and the
 * node's cached copy of the aggregate brought up to date while it is held.
 * <p>
 * Axon's own lock is held in this JVM only, and its cache trusts that no other node
 * writes the aggregate. With the saga's segments spread over several nodes, both hold
 * only by chance: two nodes' batches append to one customer or product at the same time,
 * or one appends after a cached copy that missed the other's events. Either way the event
 * store's unique (aggregate, sequence) key refuses the loser, whose whole batch rolls
 * back and waits out the processor's backoff (a second and more): two nodes decided under
 * four orders a second where one decided a hundred. So, in the command's transaction,
 * this also takes a PostgreSQL advisory lock on the aggregate, which every node's command
 * for it waits for, and then reads the events stored after the cached copy's version and
 * applies them to it. The lock's wait ends when the holder has committed, so the read
 * sees its events.
 * <p>
 * No deadlock comes of waiting in the database as well as in the JVM: a saga batch loads
 * its aggregates in one global order ({@code SagaCommandBatch}), and any other command
 * loads one aggregate. A command that runs outside a transaction gets the local lock
 * only. The shared lock costs a statement per aggregate loaded, and bringing a cached
 * copy up to date another; where the saga runs in one segment no two batches ever
 * contend, and {@code shared} says whether to pay for it.
 */
final class SharedAggregateLocks implements LockFactory {

	/**
	 * First key of the two-key advisory locks on aggregates, a key space of its own:
	 * other advisory locks of this application take one 64-bit key, which PostgreSQL
	 * keeps apart from two-key ones.
	 */
	static final int KEY_SPACE = 0x4f6f4167;

	private static final String LOCK = "SELECT 1 FROM pg_advisory_xact_lock(?, hashtext(?))";

	private final LockFactory local = PessimisticLockFactory.usingDefaults();

	private final Cache cache;

	private final EventStore eventStore;

	private final JdbcTemplate jdbc;

	private final BooleanSupplier shared;

	private final Counter caughtUp;

	/**
	 * @param type what the aggregates are called in the metric
	 * @param cache the aggregates' cache, in which every entry holds its live aggregate
	 * @param shared whether to take the shared lock at all, asked on every load
	 */
	SharedAggregateLocks(String type, Cache cache, EventStore eventStore, JdbcTemplate jdbc, BooleanSupplier shared,
			MeterRegistry meters) {
		this.cache = cache;
		this.eventStore = eventStore;
		this.jdbc = jdbc;
		this.shared = shared;
		this.caughtUp = Counter.builder("orders.command.aggregate.caught-up")
			.tag("type", type)
			.description("Cached aggregates that had missed events another node stored, brought up to date")
			.register(meters);
	}

	@Override
	public Lock obtainLock(String identifier) {
		Lock lock = this.local.obtainLock(identifier);
		if (!TransactionSynchronizationManager.isActualTransactionActive() || !this.shared.getAsBoolean()) {
			return lock;
		}
		try {
			this.jdbc.queryForObject(LOCK, Integer.class, KEY_SPACE, identifier);
			catchUp(identifier);
			return lock;
		}
		catch (RuntimeException | Error ex) {
			lock.release();
			throw ex;
		}
	}

	private void catchUp(String identifier) {
		AggregateCacheEntry<?> entry = this.cache.get(identifier);
		if (entry == null) {
			return;
		}
		EventSourcedAggregate<?> aggregate = liveAggregate(entry);
		if (aggregate == null || aggregate.version() == null) {
			// nothing to bring up to date in place: the repository loads it anew
			this.cache.remove(identifier);
			return;
		}
		try {
			DomainEventStream newer = this.eventStore.readEvents(identifier, aggregate.version() + 1);
			if (newer.hasNext()) {
				aggregate.initializeState(newer);
				this.caughtUp.increment();
			}
		}
		catch (RuntimeException ex) {
			// possibly applied in part: never to be used again
			this.cache.remove(identifier);
			throw ex;
		}
	}

	/**
	 * The aggregate an entry of this node's caches holds. They keep entries as objects,
	 * never serialized, and for such an entry Axon hands back the aggregate it was made
	 * from without using its arguments; anything else (an entry rebuilt from its fields)
	 * is answered with none, and dropped.
	 */
	private static EventSourcedAggregate<?> liveAggregate(AggregateCacheEntry<?> entry) {
		try {
			return entry.recreateAggregate(null, null, null, null);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
