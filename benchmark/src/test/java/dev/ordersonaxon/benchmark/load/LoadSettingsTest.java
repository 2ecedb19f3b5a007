package dev.ordersonaxon.benchmark.load;

import java.util.List;

import dev.ordersonaxon.benchmark.Arguments;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LoadSettingsTest {

	@Test
	void observesThroughAStreamPerCustomerUnlessToldOtherwise() {
		assertThat(settings().observe()).isEqualTo(Observation.PER_CUSTOMER);
		assertThat(settings("--observe", "per-order").observe()).isEqualTo(Observation.PER_ORDER);
		assertThat(settings("--observe", "poll").observe()).isEqualTo(Observation.POLL);
		// as scripts written before customer streams say it
		assertThat(settings("--observe=SSE").observe()).isEqualTo(Observation.PER_ORDER);
	}

	@Test
	void findsTheProcessesByTheirPortsUnlessNamed() {
		assertThat(settings().commandPid()).isNull();
		LoadSettings named = settings("--command-pid", "11", "--query-pid", "12", "--postgres-pid", "13");
		assertThat(List.of(named.commandPid(), named.queryPid(), named.postgresPid())).containsExactly(11L, 12L, 13L);
	}

	@Test
	void refusesAnyOtherWayOfObserving() {
		assertThatIllegalArgumentException().isThrownBy(() -> settings("--observe", "websocket"))
			.withMessageContaining("per-customer, per-order or poll");
	}

	@Test
	void theObservationIsWrittenAsOnTheCommandLine() {
		assertThat(Observation.PER_CUSTOMER.option()).isEqualTo("per-customer");
		assertThat(Observation.PER_ORDER.option()).isEqualTo("per-order");
		assertThat(Observation.POLL.option()).isEqualTo("poll");
	}

	private static LoadSettings settings(String... options) {
		List<String> args = new java.util.ArrayList<>(List.of("load"));
		args.addAll(List.of(options));
		return LoadSettings.from(new Arguments(args));
	}

}
