package dev.ordersonaxon.saga;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.AssociationValuesImpl;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.inmemory.InMemorySagaStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ClaimScopedSagaCacheTest {

	private static final String GROUP = "order-saga";

	private static final AssociationValue ORDER = new AssociationValue("orderId", "order-1");

	private final CountingSagaStore database = new CountingSagaStore();

	private final ClaimScopedSagaCache cache = new ClaimScopedSagaCache(GROUP, 100);

	private final SagaStore<Object> store = this.cache.store(this.database);

	private final InMemoryTokenStore tokenDatabase = new InMemoryTokenStore();

	private final TokenStore tokens = this.cache.tokens(this.tokenDatabase);

	@BeforeEach
	void sagaStored() {
		inBatch((batch) -> {
			assertThat(this.store.findSagas(Object.class, ORDER)).isEmpty();
			this.store.insertSaga(Object.class, "saga-1", new StringBuilder("placed"), Set.of(ORDER));
		});
		this.database.reads.clear();
	}

	@Test
	void laterBatchesFindAndLoadTheSagaWithoutReadingTheDatabase() {
		inBatch((batch) -> {
			assertThat(this.store.findSagas(Object.class, ORDER)).containsExactly("saga-1");
			StringBuilder saga = (StringBuilder) this.store.loadSaga(Object.class, "saga-1").saga();
			saga.append(", credit held");
			this.store.updateSaga(Object.class, "saga-1", saga, associations());
		});
		inBatch((batch) -> assertThat(this.store.loadSaga(Object.class, "saga-1").saga())
			.hasToString("placed, credit held"));

		assertThat(this.database.reads).isEmpty();
		assertThat(this.database.loadDirectly("saga-1")).hasToString("placed, credit held");
	}

	@Test
	void aBatchThatRollsBackLeavesNothingOfItsChangesInMemory() {
		DefaultUnitOfWork<?> batch = batch();
		StringBuilder saga = (StringBuilder) this.store.loadSaga(Object.class, "saga-1").saga();
		saga.append(", changed and rolled back");
		batch.rollback();

		inBatch((next) -> assertThat(this.store.loadSaga(Object.class, "saga-1").saga()).hasToString("placed"));
		assertThat(this.database.reads).containsExactly("load saga-1");
	}

	@Test
	void fetchingOneOfTheSagasTokensEmptiesTheCache() {
		this.tokenDatabase.initializeTokenSegments(GROUP, 2);
		this.tokenDatabase.initializeTokenSegments("order-view", 1);

		this.tokens.fetchToken("order-view", 0);
		inBatch((batch) -> this.store.findSagas(Object.class, ORDER));
		assertThat(this.database.reads).isEmpty();

		this.tokens.fetchToken(GROUP, 1);
		inBatch((batch) -> {
			this.store.findSagas(Object.class, ORDER);
			this.store.loadSaga(Object.class, "saga-1");
		});
		assertThat(this.database.reads).containsExactly("find orderId=order-1", "load saga-1");
	}

	@Test
	void aClaimRefusedLeavesTheCacheAsItWas() {
		assertThatExceptionOfType(UnableToClaimTokenException.class).isThrownBy(() -> this.tokens.fetchToken(GROUP, 0));

		inBatch((batch) -> {
			this.store.findSagas(Object.class, ORDER);
			this.store.loadSaga(Object.class, "saga-1");
		});
		assertThat(this.database.reads).isEmpty();
	}

	@Test
	void outsideTheProcessorsBatchesSagasAreReadFromTheDatabaseAndWritingThemEmptiesTheCache() {
		DefaultUnitOfWork<?> retry = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("retry"));
		StringBuilder saga = (StringBuilder) this.store.loadSaga(Object.class, "saga-1").saga();
		saga.append(", retried");
		this.store.updateSaga(Object.class, "saga-1", saga, associations());
		retry.commit();
		assertThat(this.database.reads).containsExactly("load saga-1");

		inBatch((batch) -> assertThat(this.store.loadSaga(Object.class, "saga-1").saga())
			.hasToString("placed, retried"));
		assertThat(this.database.reads).containsExactly("load saga-1", "load saga-1");
	}

	@Test
	void anEndedSagaIsForgotten() {
		inBatch((batch) -> this.store.deleteSaga(Object.class, "saga-1", Set.of(ORDER)));

		inBatch((batch) -> {
			assertThat(this.store.findSagas(Object.class, ORDER)).isEmpty();
			assertThat(this.store.<Object>loadSaga(Object.class, "saga-1")).isNull();
		});
		assertThat(this.database.reads).containsExactly("find orderId=order-1", "load saga-1");
	}

	@Test
	void tellsOperatorsWhatItHoldsAndWhyItWasEmptied() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new SagaCacheMetrics(this.cache).bindTo(registry);
		assertThat(registry.get("orders.saga.cache.sagas").gauge().value()).isEqualTo(1);

		this.tokenDatabase.initializeTokenSegments(GROUP, 1);
		this.tokens.fetchToken(GROUP, 0);
		assertThat(registry.get("orders.saga.cache.sagas").gauge().value()).isZero();

		DefaultUnitOfWork<?> failing = batch();
		this.store.loadSaga(Object.class, "saga-1");
		failing.rollback();
		this.cache.clear(ClaimScopedSagaCache.Emptied.PARKED);

		assertThat(emptied(registry, "claim")).isEqualTo(1);
		assertThat(emptied(registry, "rollback")).isEqualTo(1);
		assertThat(emptied(registry, "parked")).isEqualTo(1);
		assertThat(emptied(registry, "write-outside-batch")).isZero();
	}

	@Test
	void withACapacityOfZeroTheDatabasesStoresAreUsedAsTheyAreAndNoMetricIsKept() {
		ClaimScopedSagaCache none = new ClaimScopedSagaCache(GROUP, 0);

		assertThat(none.store(this.database)).isSameAs(this.database);
		assertThat(none.tokens(this.tokenDatabase)).isSameAs(this.tokenDatabase);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new SagaCacheMetrics(none).bindTo(registry);
		assertThat(registry.getMeters()).isEmpty();
	}

	private void inBatch(Consumer<DefaultUnitOfWork<?>> work) {
		DefaultUnitOfWork<?> batch = batch();
		work.accept(batch);
		batch.commit();
	}

	/** A unit of work as the saga's tracking processor starts one for a batch. */
	private static DefaultUnitOfWork<?> batch() {
		DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("event"));
		batch.resources().put(OrderSegments.segmentIdResource(GROUP), 0);
		return batch;
	}

	private static AssociationValues associations() {
		AssociationValuesImpl values = new AssociationValuesImpl(Set.of(ORDER));
		values.commit();
		return values;
	}

	private static double emptied(SimpleMeterRegistry registry, String reason) {
		return registry.get("orders.saga.cache.emptied").tag("reason", reason).functionCounter().count();
	}

	/** The database's saga store, recording each read that reaches it. */
	private static final class CountingSagaStore implements SagaStore<Object> {

		private final InMemorySagaStore sagas = new InMemorySagaStore();

		final List<String> reads = new ArrayList<>();

		@Override
		public Set<String> findSagas(Class<?> sagaType, AssociationValue associationValue) {
			this.reads.add("find " + associationValue.getKey() + "=" + associationValue.getValue());
			return this.sagas.findSagas(sagaType, associationValue);
		}

		@Override
		public <S> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
			this.reads.add("load " + sagaIdentifier);
			Entry<S> entry = this.sagas.loadSaga(sagaType, sagaIdentifier);
			// a copy, as a saga deserialized from its row would be
			return (entry == null) ? null : copy(entry);
		}

		Object loadDirectly(String sagaIdentifier) {
			return this.sagas.loadSaga(Object.class, sagaIdentifier).saga();
		}

		@Override
		public void deleteSaga(Class<?> sagaType, String sagaIdentifier, Set<AssociationValue> associationValues) {
			this.sagas.deleteSaga(sagaType, sagaIdentifier, associationValues);
		}

		@Override
		public void insertSaga(Class<?> sagaType, String sagaIdentifier, Object saga,
				Set<AssociationValue> associationValues) {
			this.sagas.insertSaga(sagaType, sagaIdentifier, new StringBuilder(saga.toString()), associationValues);
		}

		@Override
		public void updateSaga(Class<?> sagaType, String sagaIdentifier, Object saga,
				AssociationValues associationValues) {
			this.sagas.updateSaga(sagaType, sagaIdentifier, new StringBuilder(saga.toString()), associationValues);
		}

		@SuppressWarnings("unchecked")
		private static <S> Entry<S> copy(Entry<S> entry) {
			S saga = (S) new StringBuilder(entry.saga().toString());
			Set<AssociationValue> associationValues = Set.copyOf(entry.associationValues());
			return new Entry<>() {

				@Override
				public Set<AssociationValue> associationValues() {
					return associationValues;
				}

				@Override
				public S saga() {
					return saga;
				}

			};
		}

	}

}
