package dev.ordersonaxon.query.infrastructure;

import java.util.ArrayList;
import java.util.List;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchedWritesTest {

	private final List<List<String>> flushes = new ArrayList<>();

	private final BatchedWrites<String, String> writes = new BatchedWrites<>("test",
			(values) -> this.flushes.add(List.copyOf(values)));

	@Test
	void writesTheLatestValuePerKeyOnceWhenTheBatchCommits() {
		UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("event"));
		this.writes.write("a", "a1");
		this.writes.write("b", "b1");
		this.writes.write("a", "a2");

		assertThat(this.writes.pending("a")).contains("a2");
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

		assertThat(this.writes.pending("a")).isEmpty();
		assertThat(this.flushes).isEmpty();
	}

	@Test
	void writesStraightThroughOutsideAUnitOfWork() {
		this.writes.write("a", "a1");

		assertThat(this.flushes).containsExactly(List.of("a1"));
		assertThat(this.writes.pending("a")).isEmpty();
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

}
