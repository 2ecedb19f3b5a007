package dev.ordersonaxon.benchmark.load;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.ordersonaxon.benchmark.Arguments;
import dev.ordersonaxon.benchmark.load.FakeOrderSystem.Refusing;
import dev.ordersonaxon.benchmark.report.LoadResult;
import dev.ordersonaxon.benchmark.report.RefusalSummary;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A short run against an in-memory fake of both APIs: the load loop end to end, no real
 * system.
 */
class LoadRunTest {

	private final ByteArrayOutputStream output = new ByteArrayOutputStream();

	@Test
	void followsEveryKindOfOrderToItsPlannedEndAndFindsTheInvariantsHolding() throws Exception {
		try (FakeOrderSystem system = new FakeOrderSystem(false)) {
			LoadResult result = run(system, "--rate", "100");

			assertThat(result.invariantViolations()).isEmpty();
			assertThat(result.ordersPlaced()).isPositive();
			assertThat(result.unexpectedOutcomes()).isZero();
			assertThat(result.requestErrors()).isZero();
			assertThat(result.ordersCompleted() + result.ordersUnfinished()).isEqualTo(result.ordersPlaced());
			assertThat(result.placeToFinal().count()).isPositive();
			assertThat(this.output.toString(StandardCharsets.UTF_8)).contains("in-flight=");
			assertThat(result.observation()).isEqualTo("per-customer");
			assertThat(result.sseStreamsOpened()).isEqualTo(10).isEqualTo(system.customerStreamsOpened());
			assertThat(result.customerStreamsReopened()).isZero();
			assertThat(result.sseFallbacks()).isZero();
		}
	}

	@Test
	void followsEachOrderOnAStreamOfItsOwnWhenAsked() throws Exception {
		try (FakeOrderSystem system = new FakeOrderSystem(false)) {
			LoadResult result = run(system, "--rate", "100", "--observe", "per-order");

			assertThat(result.invariantViolations()).isEmpty();
			assertThat(result.unexpectedOutcomes()).isZero();
			assertThat(result.observation()).isEqualTo("per-order");
			assertThat(result.sseStreamsOpened()).isEqualTo(result.ordersPlaced());
			assertThat(result.sseFallbacks()).isZero();
			assertThat(system.customerStreamsOpened()).isZero();
		}
	}

	@Test
	void reopensACustomerStreamThatEndsFromItsLastEventSoNoOrderIsPolled() throws Exception {
		try (FakeOrderSystem system = new FakeOrderSystem(false, FakeOrderSystem.Updates.FIRST_VIEW_ONLY)) {
			LoadResult result = run(system, "--rate", "100", "--cancels", "0.3");

			assertThat(result.ordersPlaced()).isPositive();
			assertThat(result.ordersCompleted()).isEqualTo(result.ordersPlaced());
			assertThat(result.unexpectedOutcomes()).isZero();
			assertThat(result.customerStreamsReopened()).isPositive();
			assertThat(result.sseFallbacks()).isZero();
		}
	}

	@Test
	void measuresTheCostPerOrderOfWhatRunsOnThisMachine() throws Exception {
		try (FakeOrderSystem system = new FakeOrderSystem(false)) {
			LoadResult result = run(system, "--rate", "100", "--database-url", "jdbc:postgresql://127.0.0.1:1/none");

			// the fake listens in this very process, and there is no database to count
			assertThat(result.cost().orders()).isPositive();
			assertThat(result.cost().cpu()).containsKeys("command", "query", "tool");
			assertThat(result.cost().cpu().get("command").pid()).isEqualTo(ProcessHandle.current().pid());
			assertThat(result.cost().cpu().get("tool").cpuMs()).isPositive();
			assertThat(result.cost().commits()).isNull();
			assertThat(result.cost().notes()).anySatisfy((note) -> assertThat(note).contains("cannot connect"));
		}
	}

	@Test
	void aTokenTheSystemRefusesStopsTheRunSayingWhatTheTokenNeeds() throws Exception {
		try (FakeOrderSystem system = new FakeOrderSystem(false)) {
			assertThatIllegalStateException().isThrownBy(() -> run(system, "--rate", "100", "--token", "stolen"))
				.withMessageContaining("HTTP 401")
				.withMessageContaining("manager, clerk, viewer and admin");
		}
	}

	@Test
	void pollsWhenAskedToAndOpensNoStream() throws Exception {
		try (FakeOrderSystem system = new FakeOrderSystem(false)) {
			LoadResult result = run(system, "--rate", "100", "--cancels", "0.3", "--observe", "poll");

			assertThat(result.observation()).isEqualTo("poll");
			assertThat(result.invariantViolations()).isEmpty();
			assertThat(result.unexpectedOutcomes()).isZero();
			assertThat(result.ordersUnfinished()).isZero();
			assertThat(result.placeToFinalByKind()).containsKeys("CANCEL_PENDING", "CANCEL_APPROVED");
			assertThat(result.sseStreamsOpened()).isZero();
			assertThat(result.sseFallbacks()).isZero();
		}
	}

	@Test
	void followsCancelsOnTheirStreamsFromApprovedToCancelled() throws Exception {
		try (FakeOrderSystem system = new FakeOrderSystem(false)) {
			LoadResult result = run(system, "--concurrency", "4", "--cancels", "0.5", "--observe", "per-order");

			assertThat(result.invariantViolations()).isEmpty();
			assertThat(result.requestErrors()).isZero();
			assertThat(result.unexpectedOutcomes()).isZero();
			assertThat(result.ordersUnfinished()).isZero();
			assertThat(result.placeToFinalByKind()).containsKeys("CANCEL_PENDING", "CANCEL_APPROVED");
			assertThat(result.sseFallbacks()).isZero();
		}
	}

	@Test
	void pollsTheOrdersWhoseStreamEndsTooEarlySoNoneIsLost() throws Exception {
		try (FakeOrderSystem system = new FakeOrderSystem(false, FakeOrderSystem.Updates.FIRST_VIEW_ONLY)) {
			LoadResult result = run(system, "--rate", "100", "--cancels", "0.3", "--observe", "per-order");

			assertThat(result.ordersPlaced()).isPositive();
			assertThat(result.ordersCompleted()).isEqualTo(result.ordersPlaced());
			assertThat(result.unexpectedOutcomes()).isZero();
			assertThat(result.sseStreamsOpened()).isEqualTo(result.ordersPlaced());
			assertThat(result.sseFallbacks()).isPositive();
			assertThat(result.sseFallbackReasons()).containsOnlyKeys("ended before the awaited state");
		}
	}

	@Test
	void pollsEveryOrderWhenTheQuerySideHasNoStreams() throws Exception {
		try (FakeOrderSystem system = new FakeOrderSystem(false, FakeOrderSystem.Updates.ABSENT)) {
			LoadResult perOrder = run(system, "--rate", "100", "--observe", "per-order");
			LoadResult perCustomer = run(system, "--rate", "100");

			for (LoadResult result : List.of(perOrder, perCustomer)) {
				assertThat(result.ordersCompleted()).isEqualTo(result.ordersPlaced());
				assertThat(result.sseStreamsOpened()).isZero();
				assertThat(result.sseFallbacks()).isEqualTo(result.ordersPlaced());
			}
			assertThat(perOrder.sseFallbackReasons()).containsOnlyKeys("HTTP 404");
			assertThat(perCustomer.sseFallbackReasons()).containsOnlyKeys("customer stream refused: HTTP 404");
		}
	}

	@Test
	void closedLoopKeepsTheGivenNumberOfOrdersInFlight() throws Exception {
		try (FakeOrderSystem system = new FakeOrderSystem(false)) {
			LoadResult result = run(system, "--concurrency", "4");

			assertThat(result.concurrency()).isEqualTo(4);
			assertThat(result.invariantViolations()).isEmpty();
			assertThat(result.ordersCompleted()).isPositive();
		}
	}

	@Test
	void reportsCreditThatCancellationsNeverGaveBack() throws Exception {
		try (FakeOrderSystem system = new FakeOrderSystem(true)) {
			LoadResult result = run(system, "--rate", "100", "--cancels", "0.5", "--settle-timeout", "300ms");

			assertThat(result.invariantViolations()).anySatisfy(
					(violation) -> assertThat(violation).contains("credit reserved").contains("approved orders total"));
		}
	}

	@Test
	void countsRefusalsApartAndFollowsOnlyTheAcceptedOrders() throws Exception {
		try (FakeOrderSystem system = new FakeOrderSystem(false)
			.refuse(Refusing.EVERY_THIRD_OVERLOADED_OR_UNAVAILABLE)) {
			LoadResult result = run(system, "--rate", "100", "--cancels", "0.2");
			RefusalSummary refusals = result.refusals();

			assertThat(result.brokenRules()).isEmpty();
			assertThat(result.requestErrors()).isZero();
			assertThat(result.unexpectedOutcomes()).isZero();
			assertThat(refusals.refused()).isPositive();
			assertThat(refusals.byType()).containsOnlyKeys("overloaded", "unavailable");
			assertThat(result.ordersAccepted() + refusals.refused()).isEqualTo(result.ordersPlaced());
			assertThat(result.ordersCompleted()).isEqualTo(result.ordersAccepted());
			assertThat(result.finalStates().values().stream().mapToInt(Integer::intValue).sum())
				.isEqualTo(result.ordersAccepted());
			assertThat(result.acceptedPerSecond()).isEqualTo(result.ordersAccepted() / 0.5);
			assertThat(refusals.perSecond()).isEqualTo(refusals.refused() / 0.5);
			assertThat(refusals.checkedNotStored()).isEqualTo(refusals.byType().get("overloaded"));
			assertThat(refusals.foundStored()).isZero();
			assertThat(refusals.answered().count()).isEqualTo(refusals.refused());
			assertThat(this.output.toString(StandardCharsets.UTF_8)).contains("refused=");
		}
	}

	@Test
	void aRefusalWithoutRetryAfterOrAProblemBreaksTheRules() throws Exception {
		try (FakeOrderSystem system = new FakeOrderSystem(false)
			.refuse(Refusing.EVERY_THIRD_SOME_WITHOUT_RETRY_AFTER)) {
			LoadResult result = run(system, "--rate", "100");

			assertThat(result.invariantViolations()).isEmpty();
			assertThat(result.refusals().withoutRetryAfter()).isPositive();
			assertThat(result.refusals().notProblemJson()).isEqualTo(result.refusals().withoutRetryAfter());
			assertThat(result.brokenRules()).anySatisfy((rule) -> assertThat(rule).contains("without a Retry-After"))
				.anySatisfy((rule) -> assertThat(rule).contains("not application/problem+json"));
		}
	}

	@Test
	void aRefusedOrderThatWasStoredAllTheSameBreaksTheRules() throws Exception {
		try (FakeOrderSystem system = new FakeOrderSystem(false).refuse(Refusing.EVERY_THIRD_BUT_STORED)) {
			LoadResult result = run(system, "--rate", "100");

			assertThat(result.refusals().foundStored()).isEqualTo(result.refusals().checkedNotStored()).isPositive();
			assertThat(result.brokenRules())
				.anySatisfy((rule) -> assertThat(rule).contains("was refused as overloaded, yet the query API has it"));
		}
	}

	@Test
	void openLoopSendsEveryOrderOnScheduleWhateverTheAnswers() throws Exception {
		try (FakeOrderSystem system = new FakeOrderSystem(false).refuse(Refusing.ALWAYS)) {
			LoadResult result = run(system, "--rate", "200");

			assertThat(result.ordersPlaced()).isEqualTo(100);
			assertThat(result.refusals().refused()).isEqualTo(100);
			assertThat(result.offeredPerSecond()).isEqualTo(200);
			assertThat(result.ordersAccepted()).isZero();
			assertThat(result.timeoutShare()).isZero();
			assertThat(result.sendLag().count()).isEqualTo(100);
			assertThat(result.brokenRules()).isEmpty();
		}
	}

	@Test
	void closedLoopUsersWaitAsTheRefusalAsksBeforeTheirNextOrder() throws Exception {
		try (FakeOrderSystem system = new FakeOrderSystem(false).refuse(Refusing.ALWAYS)) {
			LoadResult result = run(system, "--concurrency", "4");

			// Retry-After: 1 outlasts the half-second window
			assertThat(result.ordersPlaced()).isEqualTo(4);
			assertThat(result.refusals().refused()).isEqualTo(4);
			assertThat(result.sendLag().count()).isZero();
		}
	}

	@Test
	void pollsAtTheIntervalFirstThenAtATwentiethOfTheWaitUpToASecond() {
		long ms = 1_000_000L;

		assertThat(OrderPoller.delay(5 * ms, 0)).isEqualTo(5 * ms);
		assertThat(OrderPoller.delay(5 * ms, 60 * ms)).isEqualTo(5 * ms);
		assertThat(OrderPoller.delay(5 * ms, 2_000 * ms)).isEqualTo(100 * ms);
		assertThat(OrderPoller.delay(5 * ms, 60_000 * ms)).isEqualTo(1_000 * ms);
	}

	private LoadResult run(FakeOrderSystem system, String... options) throws InterruptedException {
		List<String> args = new ArrayList<>(
				List.of("load", "--command-url", system.url(), "--query-url", system.url(), "--duration", "500ms",
						"--warmup", "0s", "--customers", "10", "--products", "10", "--token", FakeOrderSystem.TOKEN));
		args.addAll(List.of(options));
		return LoadRun.run(new Arguments(args), new PrintStream(this.output, true, StandardCharsets.UTF_8));
	}

}
