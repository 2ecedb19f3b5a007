package dev.ordersonaxon.benchmark.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ordersonaxon.benchmark.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ReportWriterTest {

	@TempDir
	Path directory;

	@Test
	void writesJsonThatReadsBackAndAnHtmlChartWithoutNetworkResources() throws Exception {
		BenchmarkReport report = report(List.of());

		List<Path> files = ReportWriter.write(report, this.directory);

		assertThat(files).extracting((file) -> file.getFileName().toString())
			.containsExactly("load-20261122-070000.json", "load-20261122-070000.html");
		assertThat(ReportWriter.read(files.get(0))).isEqualTo(report);
		String html = Files.readString(files.get(1));
		assertThat(html).contains("<svg", "<polyline").doesNotContain("<script", "src=", "href=", "<link");
	}

	@Test
	void tableShowsLatenciesThroughputAndTheBaselineShare() {
		String table = ReportWriter.table(report(List.of()));

		assertThat(table).contains("end-to-end orders/s", "99.50", "place -> final (saga decided)", "APPROVE",
				"share of pgbench single-insert tx/s", "25.00 %", "peak RSS MB command side / query side",
				"invariants: all hold", "every 5.00 ms");
	}

	@Test
	void tableSaysHowFinalStatesWereObserved() {
		LoadResult polled = load(List.of(), 99.5);
		LoadResult streamed = streamed(polled, 5990, Map.of("HTTP 404", 3, "ended before the awaited state", 2));

		assertThat(ReportWriter.table(report(polled))).contains("final states observed by",
				"polling GET /api/orders/{id} every 5.00 ms");
		assertThat(ReportWriter.table(report(streamed)))
			.contains("server-sent events", "5990 streams opened", "5 orders polled instead", "polled: HTTP 404",
					"polled: ended before the awaited state")
			.doesNotContain("every 5.00 ms");
	}

	@Test
	void resultFilesKeepTheObservationAndReadFilesWrittenBeforeIt() throws Exception {
		LoadResult streamed = streamed(load(List.of(), 99.5), 5990, Map.of("HTTP 404", 1));
		Path file = ReportWriter.write(report(streamed), this.directory).get(0);
		ObjectNode json = (ObjectNode) Json.MAPPER.readTree(file.toFile());

		assertThat(json.path("load").path("observation").asText()).isEqualTo("sse");
		assertThat(json.path("load").path("sseStreamsOpened").asInt()).isEqualTo(5990);
		assertThat(json.path("load").path("sseFallbacks").asInt()).isEqualTo(1);

		((ObjectNode) json.path("load"))
			.remove(List.of("observation", "sseStreamsOpened", "sseFallbacks", "sseFallbackReasons"));
		Json.MAPPER.writeValue(file.toFile(), json);
		LoadResult older = ReportWriter.read(file).load();

		assertThat(older.streamed()).isFalse();
		assertThat(older.sseFallbackReasons()).isEmpty();
		assertThat(ReportWriter.table(report(older))).contains("polling GET /api/orders/{id} every 5.00 ms");
	}

	@Test
	void brokenInvariantsFailTheReportLoudly() {
		BenchmarkReport report = report(List.of("customer c1: credit reserved 5.00 exceeds limit 1.00"));

		assertThat(report.passed()).isFalse();
		assertThat(ReportWriter.table(report)).contains("INVARIANTS BROKEN (1)", "customer c1");
	}

	@Test
	void tableShowsWhatWasAcceptedAndRefusedAndTheTimeoutShare() {
		RefusalSummary refusals = new RefusalSummary(1200, 20, Map.of("overloaded", 1150, "unavailable", 50),
				new LatencySummary(1200, 1.5, 1.2, 2.5, 4.0, 9.0), 0, 0, 1000, 0, List.of());
		String table = ReportWriter.table(report(refused(load(List.of(), 99.5), refusals, 0.004)));

		assertThat(table).contains("offered / accepted / refused per s", "100 / 100 / 20.00",
				"REJECTED TIMEOUT share of accepted", "0.40 %", "refused (503) by problem type",
				"{overloaded=1150, unavailable=50}", "refused orders looked up / found stored", "1000 / 0",
				"place refused (503)", "sender behind schedule");
	}

	@Test
	void aRunWithoutRefusalsSaysNothingAboutThem() {
		assertThat(ReportWriter.table(report(List.of()))).contains("0.00 %")
			.doesNotContain("refused (503) by problem type", "place refused (503)");
	}

	@Test
	void refusalsThatBrokeTheRulesFailTheReportLoudly() {
		RefusalSummary refusals = new RefusalSummary(3, 1, Map.of("overloaded", 3), LatencySummary.EMPTY, 1, 0, 3, 0,
				List.of("1 refusal(s) without a Retry-After in seconds, e.g. order o1"));
		BenchmarkReport report = report(refused(load(List.of(), 99.5), refusals, 0));

		assertThat(report.passed()).isFalse();
		assertThat(ReportWriter.table(report)).contains("invariants: all hold", "REFUSALS BROKE THE RULES (1)",
				"without a Retry-After");
	}

	@Test
	void readsResultFilesWrittenBeforeRefusalsWereCounted() throws Exception {
		Path file = ReportWriter.write(report(List.of()), this.directory).get(0);
		ObjectNode json = (ObjectNode) Json.MAPPER.readTree(file.toFile());
		((ObjectNode) json.path("load")).remove(List.of("ordersAccepted", "offeredPerSecond", "acceptedPerSecond",
				"timeoutShare", "refusals", "sendLag"));
		Json.MAPPER.writeValue(file.toFile(), json);

		LoadResult older = ReportWriter.read(file).load();

		assertThat(older.refusals()).isEqualTo(RefusalSummary.NONE);
		assertThat(older.sendLag()).isEqualTo(LatencySummary.EMPTY);
		assertThat(older.brokenRules()).isEmpty();
	}

	@Test
	void overloadTableSetsThePhasesSideBySideWithTheTargets() {
		String table = ReportWriter.table(overloadReport(List.of()));

		assertThat(table).contains("== overload: capacity 80.00 orders/s, measured by a closed loop of 16 in flight",
				"offered/s", "accepted/s", "refused/s", "TIMEOUT", "unloaded", "overload",
				"TIMEOUT share <= 1 % of accepted", "overload p99 <= 2 x unloaded p99", "MISSED",
				"every refusal a 503 with Retry-After that stored nothing", "met", "{overloaded=4000}",
				"invariants and refusal rules: all hold in every phase");
		assertThat(table).containsPattern("overload\\s+3\\.00x\\s+157\\s+90\\.00\\s+66\\.67\\s+0\\s+0\\.40 %");
	}

	@Test
	void aBrokenRuleInAnyPhaseFailsTheOverloadRunButAMissedTargetDoesNot() {
		BenchmarkReport missedOnly = overloadReport(List.of());
		BenchmarkReport broken = overloadReport(List.of("customer c1: credit reserved 5.00 exceeds limit 1.00"));

		assertThat(missedOnly.overload().verdicts())
			.anySatisfy((verdict) -> assertThat(verdict.state()).isEqualTo(Verdict.State.MISSED));
		assertThat(missedOnly.passed()).isTrue();
		assertThat(broken.passed()).isFalse();
		assertThat(ReportWriter.table(broken)).contains("RULES BROKEN (1)", "unloaded: customer c1");
	}

	@Test
	void overloadResultFilesReadBackAndTheirPageChartsEveryPhase() throws Exception {
		BenchmarkReport report = overloadReport(List.of());

		List<Path> files = ReportWriter.write(report, this.directory);

		assertThat(ReportWriter.read(files.get(0))).isEqualTo(report);
		String html = Files.readString(files.get(1));
		assertThat(html)
			.contains("<h3>capacity</h3>", "<h3>unloaded</h3>", "<h3>overload</h3>",
					"== phase overload: open loop, 240 orders/s target")
			.doesNotContain("<script");
	}

	private static BenchmarkReport overloadReport(List<String> unloadedViolations) {
		LoadResult capacity = OverloadTargetsTest.phase(4800, 0, 40);
		LoadResult unloaded = OverloadTargetsTest.phase(2400, 0, 50);
		if (!unloadedViolations.isEmpty()) {
			unloaded = load(unloadedViolations, 40);
		}
		LoadResult overload = OverloadTargetsTest.refused(OverloadTargetsTest.phase(5400, 0.004, 120),
				new RefusalSummary(4000, 66.67, Map.of("overloaded", 4000),
						new LatencySummary(4000, 1.5, 1.2, 2.5, 4.0, 9.0), 0, 0, 1000, 0, List.of()));
		overload = withRate(overload, 240);
		OverloadResult result = OverloadResult.of(80, true, 0.5, 3, withConcurrency(capacity, 16), unloaded, overload);
		return new BenchmarkReport("overload", Instant.parse("2026-11-22T07:00:00Z"), Map.of("factor", "3"), null, null,
				null, result, List.of("a note"));
	}

	private static LoadResult withRate(LoadResult l, double rate) {
		return new LoadResult(rate, 0, l.measuredSeconds(), l.pollIntervalMs(), l.ordersPlaced(), l.ordersCompleted(),
				l.ordersUnfinished(), l.unexpectedOutcomes(), l.requestErrors(), l.ordersPerSecond(),
				l.eventsPerSecond(), l.commandTransactionsPerSecond(), l.queryRequestsPerSecond(), l.placeLatency(),
				l.placeToFinal(), l.placeToFinalByKind(), l.outcomes(), l.finalStates(), l.series(),
				l.invariantViolations(), l.commandSidePeakRssMb(), l.querySidePeakRssMb(), l.observation(),
				l.sseStreamsOpened(), l.sseFallbacks(), l.sseFallbackReasons(), l.ordersAccepted(),
				l.offeredPerSecond(), l.acceptedPerSecond(), l.timeoutShare(), l.refusals(), l.sendLag(),
				l.customerStreamsReopened(), l.cost());
	}

	private static LoadResult withConcurrency(LoadResult l, int concurrency) {
		return new LoadResult(0, concurrency, 30, l.pollIntervalMs(), l.ordersPlaced(), l.ordersCompleted(),
				l.ordersUnfinished(), l.unexpectedOutcomes(), l.requestErrors(), l.ordersPerSecond(),
				l.eventsPerSecond(), l.commandTransactionsPerSecond(), l.queryRequestsPerSecond(), l.placeLatency(),
				l.placeToFinal(), l.placeToFinalByKind(), l.outcomes(), l.finalStates(), l.series(),
				l.invariantViolations(), l.commandSidePeakRssMb(), l.querySidePeakRssMb(), l.observation(),
				l.sseStreamsOpened(), l.sseFallbacks(), l.sseFallbackReasons(), l.ordersAccepted(),
				l.offeredPerSecond(), l.acceptedPerSecond(), l.timeoutShare(), l.refusals(), l.sendLag(),
				l.customerStreamsReopened(), l.cost());
	}

	@Test
	void comparesEveryFigureTwoResultFilesShare() throws Exception {
		Path a = ReportWriter.write(report(List.of()), this.directory.resolve("a")).get(0);
		Path b = ReportWriter
			.write(new BenchmarkReport("load", Instant.parse("2026-11-22T07:00:00Z"), Map.of(), load(List.of(), 199.0),
					null, null, null, List.of()), this.directory.resolve("b"))
			.get(0);

		List<String> lines = ReportWriter.compare(a, b);

		assertThat(lines).anySatisfy((line) -> assertThat(line).startsWith("load.ordersPerSecond").endsWith("2.00"));
		assertThat(lines).noneSatisfy((line) -> assertThat(line).startsWith("load.series"));
	}

	@Test
	void tableJsonAndComparisonCarryTheCostPerOrder() throws Exception {
		CostPerOrder cost = new CostPerOrder(100,
				Map.of("query", new ProcessCost(42, "listens on http://localhost:8081", 1300, 13, 0.65, 390.0)), 13.0,
				3800L, 38.0, 2800L, 28.0, null, null, List.of("statements per order not measured: pg_stat_statements"));
		LoadResult l = load(List.of(), 99.5);
		LoadResult costed = new LoadResult(l.targetRate(), l.concurrency(), l.measuredSeconds(), l.pollIntervalMs(),
				l.ordersPlaced(), l.ordersCompleted(), l.ordersUnfinished(), l.unexpectedOutcomes(), l.requestErrors(),
				l.ordersPerSecond(), l.eventsPerSecond(), l.commandTransactionsPerSecond(), l.queryRequestsPerSecond(),
				l.placeLatency(), l.placeToFinal(), l.placeToFinalByKind(), l.outcomes(), l.finalStates(), l.series(),
				l.invariantViolations(), l.commandSidePeakRssMb(), l.querySidePeakRssMb(), "per-customer", 10, 0,
				Map.of(), l.ordersAccepted(), l.offeredPerSecond(), l.acceptedPerSecond(), l.timeoutShare(),
				l.refusals(), l.sendLag(), 2, cost);

		assertThat(ReportWriter.table(report(costed))).contains("cost per order (100 orders", "query", "13.00", "30 %",
				"PostgreSQL commits per order", "38.00 (3800 in the window)", "rows written per order",
				"statements per order", "not measured", "stream per customer", "10 streams opened (2 reopened)");
		Path a = ReportWriter.write(report(costed), this.directory.resolve("a")).get(0);
		assertThat(ReportWriter.read(a)).isEqualTo(report(costed));
		assertThat(Files.readString(a.resolveSibling(a.getFileName().toString().replace(".json", ".html"))))
			.contains("cost per order");
		assertThat(ReportWriter.compare(a, a))
			.anySatisfy((line) -> assertThat(line).startsWith("load.cost.cpu.query.cpuMsPerOrder").endsWith("1.00"))
			.anySatisfy((line) -> assertThat(line).startsWith("load.cost.commitsPerOrder"))
			.noneSatisfy((line) -> assertThat(line).startsWith("load.cost.cpu.query.pid"));
	}

	@Test
	void aReplayOfEventsNotSeededInTheRunSaysItsViewsWereNotCompared() {
		ReplayResult seededAndRebuilt = replay(1_000_000, List.of(50_000.0));
		ReplayResult rebuiltOnly = replay(0, List.of(50_000.0));

		assertThat(ReportWriter.table(replayReport(seededAndRebuilt)))
			.contains("rebuilt views match the seeded histories");
		assertThat(ReportWriter.table(replayReport(rebuiltOnly))).contains("rebuilt views not compared")
			.doesNotContain("match");
	}

	private static ReplayResult replay(long seeded, List<Double> rebuilds) {
		return new ReplayResult(seeded, 15_000, 1_000_000, 20, 50_000, rebuilds, Map.of("orders", 20.0), 1_000_000,
				500_000, 0.1, List.of(), 7, 450);
	}

	private static BenchmarkReport replayReport(ReplayResult replay) {
		return new BenchmarkReport("replay", Instant.parse("2026-11-22T07:00:00Z"), Map.of(), null, replay, null, null,
				List.of());
	}

	@Test
	void anEmptySeriesStillMakesAChart() {
		assertThat(LatencyChart.svg(List.of())).contains("<svg", "no samples");
	}

	@Test
	void chartScaleRoundsUpToOneTwoOrFive() {
		assertThat(LatencyChart.niceCeiling(73)).isEqualTo(100);
		assertThat(LatencyChart.niceCeiling(140)).isEqualTo(200);
		assertThat(LatencyChart.niceCeiling(0.3)).isEqualTo(0.5);
		assertThat(LatencyChart.niceCeiling(0)).isEqualTo(1);
	}

	private static BenchmarkReport report(List<String> violations) {
		return report(load(violations, 99.5));
	}

	private static BenchmarkReport report(LoadResult load) {
		return new BenchmarkReport("load", Instant.parse("2026-11-22T07:00:00Z"), Map.of("rate", "100"), load, null,
				new BaselineResult(10, 10, 300, 1600, 6.2), null, List.of("a note"));
	}

	private static LoadResult streamed(LoadResult l, int streams, Map<String, Integer> fallbacks) {
		return new LoadResult(l.targetRate(), l.concurrency(), l.measuredSeconds(), l.pollIntervalMs(),
				l.ordersPlaced(), l.ordersCompleted(), l.ordersUnfinished(), l.unexpectedOutcomes(), l.requestErrors(),
				l.ordersPerSecond(), l.eventsPerSecond(), l.commandTransactionsPerSecond(), l.queryRequestsPerSecond(),
				l.placeLatency(), l.placeToFinal(), l.placeToFinalByKind(), l.outcomes(), l.finalStates(), l.series(),
				l.invariantViolations(), l.commandSidePeakRssMb(), l.querySidePeakRssMb(), "sse", streams,
				fallbacks.values().stream().mapToInt(Integer::intValue).sum(), fallbacks, l.ordersAccepted(),
				l.offeredPerSecond(), l.acceptedPerSecond(), l.timeoutShare(), l.refusals(), l.sendLag(),
				l.customerStreamsReopened(), l.cost());
	}

	private static LoadResult refused(LoadResult l, RefusalSummary refusals, double timeoutShare) {
		return new LoadResult(l.targetRate(), l.concurrency(), l.measuredSeconds(), l.pollIntervalMs(),
				l.ordersPlaced(), l.ordersCompleted(), l.ordersUnfinished(), l.unexpectedOutcomes(), l.requestErrors(),
				l.ordersPerSecond(), l.eventsPerSecond(), l.commandTransactionsPerSecond(), l.queryRequestsPerSecond(),
				l.placeLatency(), l.placeToFinal(), l.placeToFinalByKind(), l.outcomes(), l.finalStates(), l.series(),
				l.invariantViolations(), l.commandSidePeakRssMb(), l.querySidePeakRssMb(), l.observation(),
				l.sseStreamsOpened(), l.sseFallbacks(), l.sseFallbackReasons(), l.ordersAccepted(),
				l.offeredPerSecond(), l.acceptedPerSecond(), timeoutShare, refusals, l.sendLag(),
				l.customerStreamsReopened(), l.cost());
	}

	private static LoadResult load(List<String> violations, double ordersPerSecond) {
		LatencySummary latency = new LatencySummary(100, 20, 18, 40, 60, 80);
		return new LoadResult(100, 0, 60, 5, 6000, 5990, 0, 0, 0, ordersPerSecond, 600, 400, 1000,
				new LatencySummary(6000, 3, 2, 5, 9, 30), latency, Map.of("APPROVE", latency), Map.of("APPROVE", 4800),
				Map.of("APPROVED", 4800), List.of(new LatencyPoint(5, 100, 18, 55), new LatencyPoint(6, 98, 19, 61)),
				violations, 410, 380, "poll", 0, 0, Map.of(), 6000, 100, 100, 0, RefusalSummary.NONE,
				new LatencySummary(6000, 0.1, 0.1, 0.2, 0.4, 3), 0, CostPerOrder.NONE);
	}

}
