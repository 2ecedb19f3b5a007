package dev.ordersonaxon.saga;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import dev.ordersonaxon.eventstore.caching.LruCache;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.repository.CachingSagaStore;
import org.axonframework.modelling.saga.repository.SagaStore;

/**
 * Keeps the sagas of the segments this node holds in memory between batches, so that a
 * saga step neither looks its order's saga up by association nor loads it again: both
 * were statements in PostgreSQL on every event the saga handles. Writes still go to the
 * database, in the batch's transaction, as before.
 * <p>
 * A saga is only ever written by the node that holds its segment's claim, in a batch that
 * also stores the segment's token, so what this node's batches committed is what the
 * database holds for as long as it keeps the claim. The cache holds exactly that:
 * <ul>
 * <li>it is emptied whenever the processor fetches one of its tokens: a new claim, or a
 * stream opened again after a failure, either of which may follow another node's turn
 * with the segment;</li>
 * <li>it is emptied when a batch that read or wrote through it rolls back, because the
 * sagas it changed in place are the cached instances and the change never committed;</li>
 * <li>only the processor's batches use it: anything else (a parked event's retry, a
 * deadline scheduled by an earlier release) reads the database, and what it writes
 * empties the cache;</li>
 * <li>it is emptied once an order's events were parked, since they may be retried on
 * another node.</li>
 * </ul>
 * Emptying drops every segment's sagas, not just the one concerned; it happens when a
 * node starts, takes a segment over, fails a batch or parks an order, all rare next to
 * the saga's steps.
 * <p>
 * Axon's {@link CachingSagaStore} does the caching itself; this class decides when it may
 * be used and when it must forget.
 */
final class ClaimScopedSagaCache {

	private final String processingGroup;

	private final String segmentResource;

	private final String rollbackResource = ClaimScopedSagaCache.class.getName() + ".rollback";

	private final LruCache sagas;

	private final LruCache associations;

	private final Map<Emptied, LongAdder> emptied = new EnumMap<>(Emptied.class);

	/**
	 * @param processingGroup the saga's processor, whose batches and tokens this cache
	 * follows
	 * @param capacity how many sagas, and separately how many association values, are
	 * kept at most; the least recently used are dropped beyond that. 0 keeps none: the
	 * stores this cache is asked to wrap are then used as they are
	 */
	ClaimScopedSagaCache(String processingGroup, int capacity) {
		if (capacity < 0) {
			throw new IllegalArgumentException("capacity must not be negative: " + capacity);
		}
		this.processingGroup = processingGroup;
		this.segmentResource = OrderSegments.segmentIdResource(processingGroup);
		this.sagas = (capacity > 0) ? new LruCache(capacity) : null;
		this.associations = (capacity > 0) ? new LruCache(capacity) : null;
		for (Emptied reason : Emptied.values()) {
			this.emptied.put(reason, new LongAdder());
		}
	}

	/** Whether it keeps anything at all (a capacity above 0). */
	boolean enabled() {
		return this.sagas != null;
	}

	/** How many sagas it holds now. */
	int sagas() {
		return enabled() ? this.sagas.size() : 0;
	}

	/** How many times it was emptied for the given reason since the node started. */
	long emptied(Emptied reason) {
		return this.emptied.get(reason).sum();
	}

	/**
	 * A saga store that reads through this cache within the processor's batches; the
	 * database's own if this cache keeps nothing.
	 */
	<T> SagaStore<T> store(SagaStore<T> database) {
		if (!enabled()) {
			return database;
		}
		return new Store<>(database,
				CachingSagaStore.<T>builder()
					.delegateSagaStore(database)
					.sagaCache(this.sagas)
					.associationsCache(this.associations)
					.build());
	}

	/**
	 * A token store that empties this cache whenever the processor fetches a token; the
	 * database's own if this cache keeps nothing.
	 */
	TokenStore tokens(TokenStore database) {
		return enabled() ? new Tokens(database) : database;
	}

	/**
	 * Forgets every saga and association held. Also to be called once an order's events
	 * were parked and that committed: a parked event may be retried on another node,
	 * which changes the order's saga behind this one's back (while its events are parked,
	 * this node's processor does not load it again).
	 */
	void clear(Emptied reason) {
		if (!enabled()) {
			return;
		}
		this.sagas.removeAll();
		this.associations.removeAll();
		this.emptied.get(reason).increment();
	}

	/**
	 * Whether the current unit of work is a batch of the saga's processor, and if so
	 * makes sure its rollback empties the cache.
	 */
	private boolean inBatch() {
		if (!CurrentUnitOfWork.isStarted()) {
			return false;
		}
		UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
		if (batch.getResource(this.segmentResource) == null) {
			return false;
		}
		if (batch.getResource(this.rollbackResource) == null) {
			batch.resources().put(this.rollbackResource, Boolean.TRUE);
			batch.onRollback((rolledBack) -> clear(Emptied.ROLLBACK));
		}
		return true;
	}

	private final class Store<T> implements SagaStore<T> {

		private final SagaStore<T> database;

		private final SagaStore<T> cached;

		Store(SagaStore<T> database, SagaStore<T> cached) {
			this.database = database;
			this.cached = cached;
		}

		@Override
		public Set<String> findSagas(Class<? extends T> sagaType, AssociationValue associationValue) {
			return (inBatch() ? this.cached : this.database).findSagas(sagaType, associationValue);
		}

		@Override
		public <S extends T> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
			return (inBatch() ? this.cached : this.database).loadSaga(sagaType, sagaIdentifier);
		}

		@Override
		public void deleteSaga(Class<? extends T> sagaType, String sagaIdentifier,
				Set<AssociationValue> associationValues) {
			if (inBatch()) {
				this.cached.deleteSaga(sagaType, sagaIdentifier, associationValues);
				return;
			}
			this.database.deleteSaga(sagaType, sagaIdentifier, associationValues);
			clear(Emptied.WRITE_OUTSIDE_BATCH);
		}

		@Override
		public void insertSaga(Class<? extends T> sagaType, String sagaIdentifier, T saga,
				Set<AssociationValue> associationValues) {
			if (inBatch()) {
				this.cached.insertSaga(sagaType, sagaIdentifier, saga, associationValues);
				return;
			}
			this.database.insertSaga(sagaType, sagaIdentifier, saga, associationValues);
			clear(Emptied.WRITE_OUTSIDE_BATCH);
		}

		@Override
		public void updateSaga(Class<? extends T> sagaType, String sagaIdentifier, T saga,
				AssociationValues associationValues) {
			if (inBatch()) {
				this.cached.updateSaga(sagaType, sagaIdentifier, saga, associationValues);
				return;
			}
			this.database.updateSaga(sagaType, sagaIdentifier, saga, associationValues);
			clear(Emptied.WRITE_OUTSIDE_BATCH);
		}

	}

	/**
	 * Passes everything on to the database's token store, and empties the cache after
	 * every token of the saga's processor fetched (and so claimed) by this node.
	 */
	private final class Tokens implements TokenStore {

		private final TokenStore database;

		Tokens(TokenStore database) {
			this.database = database;
		}

		@Override
		public TrackingToken fetchToken(String processorName, int segment) throws UnableToClaimTokenException {
			TrackingToken token = this.database.fetchToken(processorName, segment);
			forgetAfterClaim(processorName);
			return token;
		}

		@Override
		public TrackingToken fetchToken(String processorName, Segment segment) throws UnableToClaimTokenException {
			TrackingToken token = this.database.fetchToken(processorName, segment);
			forgetAfterClaim(processorName);
			return token;
		}

		private void forgetAfterClaim(String processorName) {
			if (ClaimScopedSagaCache.this.processingGroup.equals(processorName)) {
				clear(Emptied.CLAIM);
			}
		}

		@Override
		public void initializeTokenSegments(String processorName, int segmentCount) throws UnableToClaimTokenException {
			this.database.initializeTokenSegments(processorName, segmentCount);
		}

		@Override
		public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken)
				throws UnableToClaimTokenException {
			this.database.initializeTokenSegments(processorName, segmentCount, initialToken);
		}

		@Override
		public void storeToken(TrackingToken token, String processorName, int segment)
				throws UnableToClaimTokenException {
			this.database.storeToken(token, processorName, segment);
		}

		@Override
		public void extendClaim(String processorName, int segment) throws UnableToClaimTokenException {
			this.database.extendClaim(processorName, segment);
		}

		@Override
		public void releaseClaim(String processorName, int segment) {
			this.database.releaseClaim(processorName, segment);
		}

		@Override
		public void initializeSegment(TrackingToken token, String processorName, int segment)
				throws UnableToInitializeTokenException {
			this.database.initializeSegment(token, processorName, segment);
		}

		@Override
		public void deleteToken(String processorName, int segment) throws UnableToClaimTokenException {
			this.database.deleteToken(processorName, segment);
		}

		@Override
		public boolean requiresExplicitSegmentInitialization() {
			return this.database.requiresExplicitSegmentInitialization();
		}

		@Override
		public int[] fetchSegments(String processorName) {
			return this.database.fetchSegments(processorName);
		}

		@Override
		public List<Segment> fetchAvailableSegments(String processorName) {
			return this.database.fetchAvailableSegments(processorName);
		}

		@Override
		public Optional<String> retrieveStorageIdentifier() {
			return this.database.retrieveStorageIdentifier();
		}

	}

	/** Why the cache was emptied; the tag of its metric. */
	enum Emptied {

		/** The processor fetched a token: a claim, or a stream opened again. */
		CLAIM("claim"),

		/** A batch that used it rolled back. */
		ROLLBACK("rollback"),

		/**
		 * A saga was written outside the processor's batches (a parked event's retry).
		 */
		WRITE_OUTSIDE_BATCH("write-outside-batch"),

		/** An order's events were parked. */
		PARKED("parked");

		private final String tag;

		Emptied(String tag) {
			this.tag = tag;
		}

		String tag() {
			return this.tag;
		}

	}

}
