package dev.ordersonaxon.benchmark.load;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.ordersonaxon.benchmark.Arguments;
import dev.ordersonaxon.benchmark.report.LoadResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
			assertThat(result.observation()).isEqualTo("sse");
			assertThat(result.sseStreamsOpened()).isEqualTo(result.ordersPlaced());
			assertThat(result.sseFallbacks()).isZero();
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
			LoadResult result = run(system, "--concurrency", "4", "--cancels", "0.5");

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
			LoadResult result = run(system, "--rate", "100", "--cancels", "0.3");

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
			LoadResult result = run(system, "--rate", "100");

			assertThat(result.ordersCompleted()).isEqualTo(result.ordersPlaced());
			assertThat(result.sseStreamsOpened()).isZero();
			assertThat(result.sseFallbacks()).isEqualTo(result.ordersPlaced());
			assertThat(result.sseFallbackReasons()).containsOnlyKeys("HTTP 404");
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
	void pollsAtTheIntervalFirstThenAtATwentiethOfTheWaitUpToASecond() {
		long ms = 1_000_000L;

		assertThat(OrderPoller.delay(5 * ms, 0)).isEqualTo(5 * ms);
		assertThat(OrderPoller.delay(5 * ms, 60 * ms)).isEqualTo(5 * ms);
		assertThat(OrderPoller.delay(5 * ms, 2_000 * ms)).isEqualTo(100 * ms);
		assertThat(OrderPoller.delay(5 * ms, 60_000 * ms)).isEqualTo(1_000 * ms);
	}

	private LoadResult run(FakeOrderSystem system, String... options) throws InterruptedException {
		List<String> args = new ArrayList<>(List.of("load", "--command-url", system.url(), "--query-url", system.url(),
				"--duration", "500ms", "--warmup", "0s", "--customers", "10", "--products", "10"));
		args.addAll(List.of(options));
		return LoadRun.run(new Arguments(args), new PrintStream(this.output, true, StandardCharsets.UTF_8));
	}

}
