package dev.ordersonaxon.query.infrastructure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

	private final List<List<String>> flushes = new ArrayList<>();

	private final BatchedWrites<String, String> writes = new BatchedWrites<>("test",
			(values) -> this.flushes.add(List.copyOf(values)));

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

		assertThat(this.writes.find("a", BatchedWritesTest::unread)).contains("a2");
		assertThat(this.flushes).isEmpty();
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

		assertThat(this.writes.find("a", BatchedWritesTest::nothingStored)).isEmpty();
		assertThat(this.flushes).isEmpty();
	}

	@Test
	void writesStraightThroughOutsideAUnitOfWork() {
		this.writes.write("a", "a1");

		assertThat(this.flushes).containsExactly(List.of("a1"));
		assertThat(this.writes.find("a", BatchedWritesTest::nothingStored)).isEmpty();
	}

	@Test
	void aFailedFlushFailsTheCommit() {
		BatchedWrites<String, String> failing = new BatchedWrites<>("failing", (values) -> {
			throw new IllegalStateException("database down");
		});
		UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("event"));
		failing.write("a", "a1");

		assertThatThrownBy(batch::commit).hasMessageContaining("database down");
	}

	@Test
	void readsTheViewsTheBatchWillChangeInOneQueryAtItsFirstMiss() {
		List<Set<String>> reads = new ArrayList<>();
		BatchedWrites<String, String> views = readingAhead(reads, Map.of("a", "a0", "b", "b0"));
		BatchingUnitOfWork<EventMessage<?>> batch = batch(new Touched("a"), "not a view's event", new Touched("b"),
				new Touched("gone"), new Touched("a"));

		assertThat(views.find("a", BatchedWritesTest::unread)).contains("a0");
		assertThat(views.find("b", BatchedWritesTest::unread)).contains("b0");
		assertThat(views.find("gone", BatchedWritesTest::unread)).isEmpty();
		assertThat(views.find("elsewhere", (key) -> Optional.of("read alone"))).contains("read alone");
		batch.commit();

		assertThat(reads).containsExactly(Set.of("a", "b", "gone"));
	}

	@Test
	void theBatchsOwnChangesWinOverWhatWasReadAheadAndAreNotReadAgain() {
		List<Set<String>> reads = new ArrayList<>();
		BatchedWrites<String, String> views = readingAhead(reads, Map.of("a", "a0", "b", "b0"));
		BatchingUnitOfWork<EventMessage<?>> batch = batch(new Touched("a"), new Touched("b"));
		views.write("a", "a1");

		assertThat(views.find("b", BatchedWritesTest::unread)).contains("b0");
		assertThat(views.find("a", BatchedWritesTest::unread)).contains("a1");
		batch.commit();

		assertThat(reads).containsExactly(Set.of("b"));
	}

	@Test
	void anIsolatedWriteReplacesWhatWasReadAhead() throws Exception {
		List<Set<String>> reads = new ArrayList<>();
		BatchedWrites<String, String> views = readingAhead(reads, Map.of("a", "a0"));
		BatchingUnitOfWork<EventMessage<?>> batch = batch(new Touched("a"));
		EventIsolation isolation = new EventIsolation();
		assertThatThrownBy(() -> isolation.handleError(new ErrorContext("views",
				new IllegalStateException("value too long"), List.copyOf(batch.getMessages()))))
			.hasMessageContaining("value too long");
		assertThat(views.find("a", BatchedWritesTest::unread)).contains("a0");

		isolation.interceptor("views").handle(batch, () -> {
			views.write("a", "a1");
			return null;
		});

		assertThat(this.flushes).containsExactly(List.of("a1"));
		assertThat(views.find("a", BatchedWritesTest::unread)).contains("a1");
	}

	@Test
	void readsOneByOneOutsideAProcessorsBatch() {
		List<Set<String>> reads = new ArrayList<>();
		BatchedWrites<String, String> views = readingAhead(reads, Map.of("a", "a0"));
		DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage(new Touched("a")));

		assertThat(views.find("a", (key) -> Optional.of("read alone"))).contains("read alone");

		assertThat(reads).isEmpty();
	}

	@Test
	void readsNothingMoreAheadOnceTheViewIsDiscarded() {
		List<Set<String>> reads = new ArrayList<>();
		BatchedWrites<String, String> views = readingAhead(reads, Map.of("a", "a0"));
		batch(new Touched("a"));

		views.discard();

		assertThat(views.find("a", BatchedWritesTest::nothingStored)).isEmpty();
		assertThat(reads).isEmpty();
	}

	/** An event that changes the view of its key. */
	private record Touched(String key) {
	}

	/** Views that read ahead from {@code stored}, recording each read's keys. */
	private BatchedWrites<String, String> readingAhead(List<Set<String>> reads, Map<String, String> stored) {
		ReadAhead<String, String> readAhead = ReadAhead.<String, String>reading((Collection<String> keys) -> {
			reads.add(Set.copyOf(keys));
			Map<String, String> found = new HashMap<>(stored);
			found.keySet().retainAll(keys);
			return found;
		}).on(Touched.class, Touched::key);
		return new BatchedWrites<>("read-ahead", (values) -> this.flushes.add(List.copyOf(values)), readAhead);
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

	/** A single-row read that finds no view. */
	private static Optional<String> nothingStored(String key) {
		return Optional.empty();
	}

	/** Stands for a single-row read that must not happen. */
	private static Optional<String> unread(String key) {
		throw new AssertionError("read '" + key + "' on its own");
	}

}
