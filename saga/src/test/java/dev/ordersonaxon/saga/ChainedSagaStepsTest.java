package dev.ordersonaxon.saga;

import java.util.ArrayList;
import java.util.List;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChainedSagaStepsTest {

	private final ChainedSagaSteps steps = new ChainedSagaSteps();

	@Test
	void remembersTheEventsHandedBackLatelyAndCountsThemAll() {
		List<EventMessage<?>> events = new ArrayList<>();
		for (int i = 0; i <= ChainedSagaSteps.REMEMBERED; i++) {
			EventMessage<?> event = GenericEventMessage.asEventMessage("answer " + i);
			events.add(event);
			this.steps.handedBack(event);
		}

		assertThat(this.steps.count()).isEqualTo(ChainedSagaSteps.REMEMBERED + 1);
		// the oldest is forgotten: should it still come by, it is handled again
		assertThat(this.steps.wasHandedBack(events.get(0).getIdentifier())).isFalse();
		assertThat(this.steps.wasHandedBack(events.get(1).getIdentifier())).isTrue();
		assertThat(this.steps.wasHandedBack(events.get(events.size() - 1).getIdentifier())).isTrue();
		assertThat(this.steps.wasHandedBack(GenericEventMessage.asEventMessage("never").getIdentifier())).isFalse();
	}

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
