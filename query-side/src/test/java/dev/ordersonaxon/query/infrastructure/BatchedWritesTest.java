package dev.ordersonaxon.query.infrastructure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.axonframework.eventhandling.ErrorContext;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchedWritesTest {

	/** A view's table on a database other than PostgreSQL: never rebuilt aside. */
	private static final ViewTable TABLE = new ViewTable("thing_view", "things", null, () -> false);

	private final List<List<String>> flushes = new ArrayList<>();

	/** The keys of each read of stored views. */
	private final List<Set<String>> reads = new ArrayList<>();

	private final BatchedWrites<String, String> writes = views(Map.of());

	@AfterEach
	void endUnitsOfWorkLeftOpen() {
		while (CurrentUnitOfWork.isStarted()) {
			CurrentUnitOfWork.get().rollback();
		}
	}

	@Test
	void writesTheLatestValuePerKeyOnceWhenTheBatchCommits() {
		UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("event"));
		this.writes.write("a", "a1");
		this.writes.write("b", "b1");
		this.writes.write("a", "a2");

		assertThat(this.writes.find("a")).contains("a2");
		assertThat(this.flushes).isEmpty();
		assertThat(this.reads).isEmpty();
		batch.commit();

		assertThat(this.flushes).containsExactly(List.of("a2", "b1"));
	}

	@Test
	void writesNothingWhenTheBatchRollsBack() {
		UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("event"));
		this.writes.write("a", "a1");

		batch.rollback();

		assertThat(this.flushes).isEmpty();
	}

	@Test
	void forgetsBufferedValuesWhenDiscarded() {
		UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("event"));
		this.writes.write("a", "a1");

		this.writes.discard();
		batch.commit();

		assertThat(this.writes.find("a")).isEmpty();
		assertThat(this.flushes).isEmpty();
	}

	@Test
	void writesStraightThroughOutsideAUnitOfWork() {
		this.writes.write("a", "a1");

		assertThat(this.flushes).containsExactly(List.of("a1"));
		assertThat(this.writes.find("a")).isEmpty();
	}

	@Test
	void aFailedFlushFailsTheCommit() {
		BatchedWrites<String, String> failing = new BatchedWrites<>(TABLE, (table, values) -> {
			throw new IllegalStateException("database down");
		}, ReadAhead.reading((table, keys) -> Map.of()));
		UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("event"));
		failing.write("a", "a1");

		assertThatThrownBy(batch::commit).hasMessageContaining("database down");
	}

	@Test
	void readsTheViewsTheBatchWillChangeInOneQueryAtItsFirstMiss() {
		BatchedWrites<String, String> views = views(Map.of("a", "a0", "b", "b0", "elsewhere", "e0"));
		BatchingUnitOfWork<EventMessage<?>> batch = batch(new Touched("a"), "not a view's event", new Touched("b"),
				new Touched("gone"), new Touched("a"));

		assertThat(views.find("a")).contains("a0");
		assertThat(views.find("b")).contains("b0");
		assertThat(views.find("gone")).isEmpty();
		assertThat(views.find("elsewhere")).contains("e0");
		batch.commit();

		assertThat(this.reads).containsExactly(Set.of("a", "b", "gone"), Set.of("elsewhere"));
	}

	@Test
	void theBatchsOwnChangesWinOverWhatWasReadAheadAndAreNotReadAgain() {
		BatchedWrites<String, String> views = views(Map.of("a", "a0", "b", "b0"));
		BatchingUnitOfWork<EventMessage<?>> batch = batch(new Touched("a"), new Touched("b"));
		views.write("a", "a1");

		assertThat(views.find("b")).contains("b0");
		assertThat(views.find("a")).contains("a1");
		batch.commit();

		assertThat(this.reads).containsExactly(Set.of("b"));
	}

	@Test
	void anIsolatedWriteReplacesWhatWasReadAhead() throws Exception {
		BatchedWrites<String, String> views = views(Map.of("a", "a0"));
		BatchingUnitOfWork<EventMessage<?>> batch = batch(new Touched("a"));
		EventIsolation isolation = new EventIsolation();
		assertThatThrownBy(() -> isolation.handleError(new ErrorContext("views",
				new IllegalStateException("value too long"), List.copyOf(batch.getMessages()))))
			.hasMessageContaining("value too long");
		assertThat(views.find("a")).contains("a0");

		isolation.interceptor("views").handle(batch, () -> {
			views.write("a", "a1");
			return null;
		});

		assertThat(this.flushes).containsExactly(List.of("a1"));
		assertThat(views.find("a")).contains("a1");
		assertThat(this.reads).containsExactly(Set.of("a"));
	}

	@Test
	void readsOneByOneOutsideAProcessorsBatch() {
		BatchedWrites<String, String> views = views(Map.of("a", "a0", "b", "b0"));
		DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage(new Touched("a")));

		assertThat(views.find("a")).contains("a0");
		assertThat(views.find("b")).contains("b0");

		assertThat(this.reads).containsExactly(Set.of("a"), Set.of("b"));
	}

	@Test
	void readsNothingMoreAheadOnceTheViewIsDiscarded() {
		BatchedWrites<String, String> views = views(Map.of("a", "a0", "b", "b0"));
		batch(new Touched("a"), new Touched("b"));

		views.discard();

		// read alone: the batch reads nothing ahead any more
		assertThat(views.find("a")).contains("a0");
		assertThat(this.reads).containsExactly(Set.of("a"));
	}

	/** An event that changes the view of its key. */
	private record Touched(String key) {
	}

	/** Views read from {@code stored}, recording each read's keys. */
	private BatchedWrites<String, String> views(Map<String, String> stored) {
		ReadAhead<String, String> readAhead = ReadAhead
			.<String, String>reading((String table, Collection<String> keys) -> {
				assertThat(table).isEqualTo(TABLE.live());
				this.reads.add(Set.copyOf(keys));
				Map<String, String> found = new HashMap<>(stored);
				found.keySet().retainAll(keys);
				return found;
			})
			.on(Touched.class, Touched::key);
		return new BatchedWrites<>(TABLE, (table, values) -> {
			assertThat(table).isEqualTo(TABLE.live());
			this.flushes.add(List.copyOf(values));
		}, readAhead);
	}

	/**
	 * A started batch of events with these payloads, as a tracking processor makes it.
	 */
	private static BatchingUnitOfWork<EventMessage<?>> batch(Object... payloads) {
		List<EventMessage<?>> events = new ArrayList<>();
		for (Object payload : payloads) {
			events.add(GenericEventMessage.asEventMessage(payload));
		}
		BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(events);
		batch.start();
		return batch;
	}

}
