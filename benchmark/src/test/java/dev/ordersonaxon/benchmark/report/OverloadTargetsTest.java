package dev.ordersonaxon.benchmark.report;

import java.util.List;
import java.util.Map;

import dev.ordersonaxon.benchmark.report.Verdict.State;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class OverloadTargetsTest {

	@Test
	void timeoutsMayBeAtMostOnePercentOfTheAcceptedOrdersInEachPhase() {
		assertThat(OverloadTargets.timeouts(phase(1000, 0, 50), phase(2000, 0.01, 90)).state()).isEqualTo(State.MET);
		assertThat(OverloadTargets.timeouts(phase(1000, 0, 50), phase(2000, 0.0105, 90)).state())
			.isEqualTo(State.MISSED);
		assertThat(OverloadTargets.timeouts(phase(1000, 0.02, 50), phase(2000, 0, 90)).state()).isEqualTo(State.MISSED);
		assertThat(OverloadTargets.timeouts(phase(1000, 0.004, 50), phase(2000, 0.005, 90)).detail())
			.isEqualTo("unloaded 0.40 % of 1000, overload 0.50 % of 2000");
	}

	@Test
	void aPhaseThatAcceptedNothingHasNoTimeoutShareToJudge() {
		assertThat(OverloadTargets.timeouts(phase(1000, 0, 50), phase(0, 0, 0)).state()).isEqualTo(State.MET);
		assertThat(OverloadTargets.timeouts(phase(0, 0, 0), phase(0, 0, 0)).state()).isEqualTo(State.NOT_MEASURED);
	}

	@Test
	void overloadedP99MayBeAtMostTwiceTheUnloadedOne() {
		Verdict met = OverloadTargets.p99(phase(1000, 0, 50), phase(2000, 0, 100));
		Verdict missed = OverloadTargets.p99(phase(1000, 0, 50), phase(2000, 0, 100.5));

		assertThat(met.state()).isEqualTo(State.MET);
		assertThat(met.detail()).isEqualTo("overload 100.0 ms, unloaded 50.0 ms: 2.00 x");
		assertThat(missed.state()).isEqualTo(State.MISSED);
	}

	@Test
	void withoutLatenciesInBothPhasesTheP99IsNotMeasured() {
		assertThat(OverloadTargets.p99(phase(0, 0, 0), phase(2000, 0, 100)).state()).isEqualTo(State.NOT_MEASURED);
		assertThat(OverloadTargets.p99(phase(1000, 0, 50), phase(0, 0, 0)).state()).isEqualTo(State.NOT_MEASURED);
	}

	@Test
	void refusalsMeetTheTargetWhenEveryOneKeptTheContractInEveryPhase() {
		LoadResult unloaded = phase(1000, 0, 50);
		LoadResult overload = refused(phase(2000, 0, 90), new RefusalSummary(4000, 66.7, Map.of("overloaded", 4000),
				LatencySummary.EMPTY, 0, 0, 1000, 0, List.of()));

		Verdict verdict = OverloadTargets.refusals(overload, List.of(unloaded, overload));

		assertThat(verdict.state()).isEqualTo(State.MET);
		assertThat(verdict.detail()).isEqualTo(
				"4000 refused {overloaded=4000}, 0 without Retry-After, 0 not problem+json, 1000 looked up, 0 stored");
	}

	@Test
	void aRefusalThatBrokeARuleInAnyPhaseMissesTheTarget() {
		LoadResult capacity = refused(phase(500, 0, 40),
				new RefusalSummary(2, 0.1, Map.of("overloaded", 2), LatencySummary.EMPTY, 0, 0, 2, 1,
						List.of("order o1 was refused as overloaded, yet the query API has it")));
		LoadResult overload = refused(phase(2000, 0, 90),
				new RefusalSummary(10, 1, Map.of("overloaded", 10), LatencySummary.EMPTY, 0, 0, 10, 0, List.of()));

		Verdict verdict = OverloadTargets.refusals(overload, List.of(capacity, phase(1000, 0, 50), overload));

		assertThat(verdict.state()).isEqualTo(State.MISSED);
		assertThat(verdict.detail()).contains("12 refused {overloaded=12}", "12 looked up, 1 stored");
	}

	@Test
	void noRefusalAtAllIsSaidPlainly() {
		Verdict verdict = OverloadTargets.refusals(phase(2000, 0, 90), List.of(phase(1000, 0, 50), phase(2000, 0, 90)));

		assertThat(verdict.state()).isEqualTo(State.MET);
		assertThat(verdict.detail()).isEqualTo("no placement was refused");
	}

	@Test
	void judgesAllThreeTargets() {
		LoadResult unloaded = phase(1000, 0, 50);
		LoadResult overload = phase(2000, 0.02, 150);

		assertThat(OverloadTargets.judge(unloaded, overload, List.of(unloaded, overload)))
			.extracting(Verdict::target, Verdict::state)
			.containsExactly(tuple(OverloadTargets.TIMEOUT_TARGET, State.MISSED),
					tuple(OverloadTargets.P99_TARGET, State.MISSED), tuple(OverloadTargets.REFUSAL_TARGET, State.MET));
	}

	static LoadResult phase(int accepted, double timeoutShare, double p99Ms) {
		LatencySummary placeToFinal = (accepted > 0)
				? new LatencySummary(accepted, p99Ms / 2, p99Ms / 2, p99Ms * 0.9, p99Ms, p99Ms * 1.5)
				: LatencySummary.EMPTY;
		return new LoadResult(accepted / 60.0, 0, 60, 5, accepted, accepted, 0, 0, 0, accepted / 60.0, 0, 0, 0,
				LatencySummary.EMPTY, placeToFinal, Map.of(), Map.of(), Map.of(), List.of(), List.of(), 0, 0, "sse",
				accepted, 0, Map.of(), accepted, accepted / 60.0, accepted / 60.0, timeoutShare, RefusalSummary.NONE,
				LatencySummary.EMPTY, 0, CostPerOrder.NONE);
	}

	static LoadResult refused(LoadResult l, RefusalSummary refusals) {
		return new LoadResult(l.targetRate(), l.concurrency(), l.measuredSeconds(), l.pollIntervalMs(),
				l.ordersPlaced() + refusals.refused(), l.ordersCompleted(), l.ordersUnfinished(),
				l.unexpectedOutcomes(), l.requestErrors(), l.ordersPerSecond(), l.eventsPerSecond(),
				l.commandTransactionsPerSecond(), l.queryRequestsPerSecond(), l.placeLatency(), l.placeToFinal(),
				l.placeToFinalByKind(), l.outcomes(), l.finalStates(), l.series(), l.invariantViolations(),
				l.commandSidePeakRssMb(), l.querySidePeakRssMb(), l.observation(), l.sseStreamsOpened(),
				l.sseFallbacks(), l.sseFallbackReasons(), l.ordersAccepted(),
				(l.ordersPlaced() + refusals.refused()) / l.measuredSeconds(), l.acceptedPerSecond(), l.timeoutShare(),
				refusals, l.sendLag(), l.customerStreamsReopened(), l.cost());
	}

}
