package dev.ordersonaxon.saga;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChainedSagaStepsTest {

	private final ChainedSagaSteps steps = new ChainedSagaSteps();

	@Test
	void saysWhenRoundAfterRoundNoEventPublishedWasSeen() {
		for (int round = 1; round < ChainedSagaSteps.UNANSWERED_ROUNDS; round++) {
			this.steps.roundSent(2, 0);
		}
		// rounds that sent nothing prove nothing either way
		this.steps.roundSent(0, 0);
		assertThat(this.steps.unansweredRounds()).isEqualTo(ChainedSagaSteps.UNANSWERED_ROUNDS - 1);

		this.steps.roundSent(1, 0);
		assertThat(this.steps.unansweredRounds()).isEqualTo(ChainedSagaSteps.UNANSWERED_ROUNDS);

		this.steps.roundSent(1, 1);
		assertThat(this.steps.unansweredRounds()).isZero();
	}

}
