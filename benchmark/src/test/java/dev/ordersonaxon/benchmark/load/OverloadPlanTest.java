package dev.ordersonaxon.benchmark.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.ordersonaxon.benchmark.Arguments;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class OverloadPlanTest {

	@Test
	void measuresCapacityWithSixteenInFlightThenRunsAtHalfAndThreeTimesIt() {
		OverloadPlan plan = plan();

		assertThat(plan.measuresCapacity()).isTrue();
		assertThat(plan.concurrency()).isEqualTo(16);
		assertThat(plan.capacityDuration()).isEqualTo(Duration.ofSeconds(30));
		assertThat(plan.duration()).isEqualTo(Duration.ofSeconds(60));
		assertThat(plan.warmup()).isEqualTo(Duration.ofSeconds(5));
		assertThat(plan.overloadWarmup()).isZero();
		assertThat(plan.pause()).isEqualTo(Duration.ofSeconds(16));
		assertThat(plan.unloadedRate(84)).isEqualTo(42);
		assertThat(plan.overloadRate(84)).isEqualTo(252);
	}

	@Test
	void scalesTheRatesAsTold() {
		OverloadPlan plan = plan("--unloaded-share", "0.25", "--factor", "5");

		assertThat(plan.unloadedRate(120)).isEqualTo(30);
		assertThat(plan.overloadRate(120)).isEqualTo(600);
	}

	@Test
	void aGivenCapacitySkipsTheMeasurement() {
		OverloadPlan plan = plan("--capacity", "150");

		assertThat(plan.measuresCapacity()).isFalse();
		assertThat(plan.givenCapacity()).isEqualTo(150);
		assertThat(plan.overloadRate(plan.givenCapacity())).isEqualTo(450);
	}

	@Test
	void warmsUpAtTheOverloadRateOnlyWhenAsked() {
		assertThat(plan("--overload-warmup", "20s").overloadWarmup()).isEqualTo(Duration.ofSeconds(20));
		assertThatIllegalArgumentException().isThrownBy(() -> plan("--overload-warmup", "-1s"))
			.withMessageContaining("-1s");
	}

	@Test
	void pausesBetweenPhasesOnlyWhileStreamsMayLinger() {
		Arguments polling = new Arguments(List.of("overload"));

		assertThat(OverloadPlan.from(polling, Observation.POLL).pause()).isZero();
		assertThat(plan("--pause", "2s").pause()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void refusesRatesThatCannotBeRun() {
		assertThatIllegalArgumentException().isThrownBy(() -> plan("--capacity", "0"))
			.withMessageContaining("--capacity");
		assertThatIllegalArgumentException().isThrownBy(() -> plan("--factor", "0")).withMessageContaining("--factor");
		assertThatIllegalArgumentException().isThrownBy(() -> plan("--unloaded-share", "-1"))
			.withMessageContaining("--unloaded-share");
		assertThatIllegalArgumentException().isThrownBy(() -> plan("--concurrency", "0"))
			.withMessageContaining("--concurrency");
		assertThatIllegalStateException().isThrownBy(() -> plan().overloadRate(0)).withMessageContaining("capacity");
	}

	@Test
	void readsNeitherARateNorABaselineSoTheyAreReportedAsUnknown() {
		Arguments args = new Arguments(List.of("overload", "--rate", "100", "--baseline"));
		OverloadRun.from(args);

		assertThatIllegalArgumentException().isThrownBy(args::requireAllUsed)
			.withMessageContaining("rate")
			.withMessageContaining("baseline");
	}

	private static OverloadPlan plan(String... options) {
		List<String> args = new ArrayList<>(List.of("overload"));
		args.addAll(List.of(options));
		return OverloadPlan.from(new Arguments(args), Observation.PER_CUSTOMER);
	}

}
