package dev.ordersonaxon.benchmark.replay;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CatchUpTest {

	@Test
	void aProjectionStillAtItsOldPositionHasNotReplayedYet() {
		CatchUp catchUp = new CatchUp(List.of("orders"), true, 3);

		catchUp.observe("orders", 100, 100, false, 0.1);
		assertThat(catchUp.done()).isFalse();

		catchUp.observe("orders", 10, 100, false, 0.5);
		catchUp.observe("orders", 100, 100, false, 2.0);
		assertThat(catchUp.done()).isTrue();
		assertThat(catchUp.caughtUp()).containsEntry("orders", 2.0);
	}

	@Test
	void aReplayTooShortToBeSeenCountsAfterTheGracePeriod() {
		CatchUp catchUp = new CatchUp(List.of("orders"), true, 3);

		catchUp.observe("orders", 100, 100, false, 1);
		catchUp.observe("orders", 100, 100, false, 3.5);

		assertThat(catchUp.caughtUp()).containsEntry("orders", 3.5);
	}

	@Test
	void aProjectionAtTheHeadThatStillReplaysHasNotCaughtUp() {
		CatchUp catchUp = new CatchUp(List.of("orders"), true, 3);

		catchUp.observe("orders", 100, 100, true, 0.5);
		catchUp.observe("orders", 100, 100, true, 4.0);
		assertThat(catchUp.done()).isFalse();

		catchUp.observe("orders", 100, 100, false, 4.2);
		assertThat(catchUp.caughtUp()).containsEntry("orders", 4.2);
	}

	@Test
	void waitsForEveryProjectionAndIgnoresOthers() {
		CatchUp catchUp = new CatchUp(List.of("customers", "orders"), false, 3);

		catchUp.observe("customers", 100, 100, false, 0.2);
		catchUp.observe("audit", 100, 100, false, 0.2);
		catchUp.observe("orders", 99, 100, false, 0.2);
		assertThat(catchUp.done()).isFalse();

		catchUp.observe("customers", 100, 120, false, 0.4);
		catchUp.observe("orders", 120, 120, false, 0.4);
		assertThat(catchUp.done()).isTrue();
		assertThat(catchUp.caughtUp()).containsOnlyKeys("customers", "orders").containsEntry("customers", 0.2);
	}

}
