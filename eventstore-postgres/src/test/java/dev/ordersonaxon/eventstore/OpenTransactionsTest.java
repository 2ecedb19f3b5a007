package dev.ordersonaxon.eventstore;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenTransactionsTest {

	private final OpenTransactions open = new OpenTransactions();

	@Test
	void aSnapshotTellsOnlyAboutGapsSeenBefore() {
		assertThat(this.open.watchesAnyOf(List.of(5L))).isFalse();

		// first seen: kept, with a horizon of a transaction id taken now
		assertThat(this.open.mayStillFill(5, OpenTransactions.Snapshot.NONE, () -> 100)).isTrue();

		assertThat(this.open.watchesAnyOf(List.of(4L, 5L))).isTrue();
		assertThat(this.open.watchesAnyOf(List.of(6L))).isFalse();
	}

	@Test
	void withoutASnapshotAGapIsKept() {
		this.open.mayStillFill(5, OpenTransactions.Snapshot.NONE, () -> 100);

		assertThat(this.open.mayStillFill(5, OpenTransactions.Snapshot.NONE, () -> 200)).isTrue();
		assertThat(this.open.watchesAnyOf(List.of(5L))).isTrue();
	}

	@Test
	void aLaterSnapshotPastTheHorizonForgetsTheGap() {
		this.open.mayStillFill(5, OpenTransactions.Snapshot.NONE, () -> 100);

		// the oldest running transaction is still below the horizon: kept
		assertThat(this.open.mayStillFill(5, new OpenTransactions.Snapshot(Long.MAX_VALUE, 99, 120), () -> 200))
			.isTrue();
		// every transaction up to the horizon has ended: rolled back, forgotten
		assertThat(this.open.mayStillFill(5, new OpenTransactions.Snapshot(Long.MAX_VALUE, 100, 120), () -> 200))
			.isFalse();
		assertThat(this.open.watchesAnyOf(List.of(5L))).isFalse();
	}

}
