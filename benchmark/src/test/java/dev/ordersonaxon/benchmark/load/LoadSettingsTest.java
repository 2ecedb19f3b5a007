package dev.ordersonaxon.benchmark.load;

import java.util.List;

import dev.ordersonaxon.benchmark.Arguments;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LoadSettingsTest {

	@Test
	void observesThroughStreamsUnlessToldToPoll() {
		assertThat(settings().observe()).isEqualTo(Observation.SSE);
		assertThat(settings("--observe", "poll").observe()).isEqualTo(Observation.POLL);
		assertThat(settings("--observe=SSE").observe()).isEqualTo(Observation.SSE);
	}

	@Test
	void refusesAnyOtherWayOfObserving() {
		assertThatIllegalArgumentException().isThrownBy(() -> settings("--observe", "websocket"))
			.withMessageContaining("sse or poll");
	}

	@Test
	void theObservationIsWrittenAsOnTheCommandLine() {
		assertThat(Observation.SSE.option()).isEqualTo("sse");
		assertThat(Observation.POLL.option()).isEqualTo("poll");
	}

	private static LoadSettings settings(String... options) {
		List<String> args = new java.util.ArrayList<>(List.of("load"));
		args.addAll(List.of(options));
		return LoadSettings.from(new Arguments(args));
	}

}
