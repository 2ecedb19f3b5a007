package dev.ordersonaxon.benchmark.load;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.ordersonaxon.benchmark.Arguments;
import dev.ordersonaxon.benchmark.load.FakeOrderSystem.Refusing;
import dev.ordersonaxon.benchmark.report.OverloadResult;
import dev.ordersonaxon.benchmark.report.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Short overload runs against the in-memory fake of both APIs. */
class OverloadRunTest {

	private final ByteArrayOutputStream output = new ByteArrayOutputStream();

	@Test
	void measuresCapacityThenRunsBelowAndAboveItEachPhaseWithItsOwnIds() throws Exception {
		try (FakeOrderSystem system = new FakeOrderSystem(false)) {
			OverloadResult result = run(system, "--concurrency", "2", "--factor", "1.5", "--pause", "100ms");

			assertThat(result.capacityMeasured()).isTrue();
			assertThat(result.phasesByName()).containsOnlyKeys("capacity", "unloaded", "overload");
			assertThat(result.capacity()).isPositive().isEqualTo(result.capacityPhase().ordersPerSecond());
			assertThat(result.capacityPhase().concurrency()).isEqualTo(2);
			assertThat(result.unloaded().targetRate()).isEqualTo(0.5 * result.capacity());
			assertThat(result.overload().targetRate()).isEqualTo(1.5 * result.capacity());
			assertThat(result.brokenRules()).isEmpty();
			assertThat(result.verdicts()).hasSize(3);
			assertThat(this.output.toString(StandardCharsets.UTF_8)).contains("== phase 1 of 3: capacity",
					"== phase 3 of 3: overload", "pausing 0.1 s", "-capacity-*)", "-unloaded-*)", "-overload-*)");
		}
	}

	@Test
	void aGivenCapacitySkipsItsPhaseAndTheRefusalsAreJudged() throws Exception {
		try (FakeOrderSystem system = new FakeOrderSystem(false).refuse(Refusing.EVERY_THIRD)) {
			OverloadResult result = run(system, "--capacity", "40");

			assertThat(result.capacityMeasured()).isFalse();
			assertThat(result.capacityPhase()).isNull();
			assertThat(result.phasesByName()).containsOnlyKeys("unloaded", "overload");
			assertThat(result.unloaded().targetRate()).isEqualTo(20);
			assertThat(result.overload().targetRate()).isEqualTo(120);
			assertThat(result.overload().refusals().refused()).isPositive();
			assertThat(result.overload().refusals().checkedNotStored()).isPositive();
			assertThat(result.brokenRules()).isEmpty();
			assertThat(result.verdicts()).last()
				.satisfies((verdict) -> assertThat(verdict.state()).isEqualTo(Verdict.State.MET))
				.satisfies((verdict) -> assertThat(verdict.detail()).contains("0 stored"));
		}
	}

	@Test
	void aRefusedOrderThatWasStoredBreaksTheRunWhateverTheTimings() throws Exception {
		try (FakeOrderSystem system = new FakeOrderSystem(false).refuse(Refusing.EVERY_THIRD_BUT_STORED)) {
			OverloadResult result = run(system, "--capacity", "40");

			assertThat(result.brokenRules())
				.anySatisfy((rule) -> assertThat(rule).startsWith("overload: order ").contains("yet the query API"));
			assertThat(result.verdicts()).last()
				.satisfies((verdict) -> assertThat(verdict.state()).isEqualTo(Verdict.State.MISSED));
		}
	}

	private OverloadResult run(FakeOrderSystem system, String... options) throws InterruptedException {
		List<String> args = new ArrayList<>(List.of("overload", "--command-url", system.url(), "--query-url",
				system.url(), "--capacity-duration", "500ms", "--duration", "500ms", "--warmup", "0s", "--pause", "0s",
				"--customers", "10", "--products", "10", "--token", FakeOrderSystem.TOKEN));
		args.addAll(List.of(options));
		Arguments arguments = new Arguments(args);
		OverloadRun run = OverloadRun.from(arguments);
		arguments.requireAllUsed();
		return run.run(new PrintStream(this.output, true, StandardCharsets.UTF_8));
	}

}
