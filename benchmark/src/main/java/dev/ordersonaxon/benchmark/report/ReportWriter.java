package dev.ordersonaxon.benchmark.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.ordersonaxon.benchmark.Json;

/** Turns a report into the terminal table, the JSON result file and the HTML page. */
public final class ReportWriter {

	private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
		.withZone(ZoneOffset.UTC);

	private ReportWriter() {
	}

	/**
	 * Writes {@code <stamp>.json} and {@code <stamp>.html} into the directory; answers
	 * both paths.
	 */
	public static List<Path> write(BenchmarkReport report, Path directory) throws IOException {
		Files.createDirectories(directory);
		String stamp = report.mode() + "-" + FILE_STAMP.format(report.startedAt());
		Path json = directory.resolve(stamp + ".json");
		Path html = directory.resolve(stamp + ".html");
		Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
		Files.writeString(html, html(report), StandardCharsets.UTF_8);
		return List.of(json, html);
	}

	public static BenchmarkReport read(Path json) throws IOException {
		return Json.MAPPER.readValue(json.toFile(), BenchmarkReport.class);
	}

	public static String table(BenchmarkReport report) {
		StringBuilder out = new StringBuilder();
		if (report.load() != null) {
			load(out, "load", report.load(), report.baseline());
		}
		if (report.overload() != null) {
			overload(out, report.overload());
		}
		ReplayResult replay = report.replay();
		if (replay != null) {
			out.append("== replay ==\n");
			row(out, "events seeded (this run)", String.valueOf(replay.seededEvents()));
			row(out, "seeding events/s", number(replay.seedEventsPerSecond()));
			row(out, "events in store", String.valueOf(replay.eventsInStore()));
			row(out, "rebuild of all views (s)", number(replay.rebuildSeconds()));
			row(out, "replay events/s", number(replay.replayEventsPerSecond()));
			replay.projectionSeconds()
				.forEach((name, seconds) -> row(out, "  " + name + " caught up after (s)", number(seconds)));
			row(out, "raw paged read rows/s (JDBC)", number(replay.rawReadRowsPerSecond()));
			row(out, "replay / raw read", number(replay.replayToRawReadRatio()));
			if (replay.rebuildEventsPerSecond().size() > 1) {
				List<Double> rates = replay.rebuildEventsPerSecond();
				row(out, "each rebuild events/s (/ raw read)",
						rates.stream()
							.map((rate) -> number(rate) + " (" + number(rate / replay.rawReadRowsPerSecond()) + ")")
							.collect(Collectors.joining(", ")));
			}
			if (replay.querySideStartSeconds() > 0) {
				row(out, "query side start-up (s) / peak RSS (MB)",
						number(replay.querySideStartSeconds()) + " / " + number(replay.querySidePeakRssMb()));
			}
			if (replay.seededEvents() == 0 || replay.rebuildEventsPerSecond().isEmpty()) {
				// the histories are known only for what this run seeded and rebuilt
				out.append("rebuilt views not compared: this run did not seed and rebuild them\n");
			}
			else if (replay.viewMismatches().isEmpty()) {
				out.append("rebuilt views match the seeded histories\n");
			}
			else {
				out.append("REBUILT VIEWS DIFFER (").append(replay.viewMismatches().size()).append("):\n");
				replay.viewMismatches().stream().limit(50).forEach((v) -> out.append("  ").append(v).append('\n'));
			}
		}
		BaselineResult baseline = report.baseline();
		if (baseline != null) {
			out.append("== baseline: pgbench, one event-shaped row per transaction ==\n");
			row(out, "clients / seconds / payload bytes",
					baseline.clients() + " / " + number(baseline.seconds()) + " / " + baseline.payloadBytes());
			row(out, "transactions/s", number(baseline.transactionsPerSecond()));
			row(out, "average latency (ms)", number(baseline.latencyAverageMs()));
		}
		report.notes().forEach((note) -> out.append("note: ").append(note).append('\n'));
		return out.toString();
	}

	private static void load(StringBuilder out, String name, LoadResult load, BaselineResult baseline) {
		out.append(load.concurrency() > 0
				? String.format(Locale.ROOT, "== %s: closed loop, %d in flight, %.0f s measured ==%n", name,
						load.concurrency(), load.measuredSeconds())
				: String.format(Locale.ROOT, "== %s: open loop, %s orders/s target, %.0f s measured ==%n", name,
						number(load.targetRate()), load.measuredSeconds()));
		row(out, "orders placed / completed / unfinished",
				load.ordersPlaced() + " / " + load.ordersCompleted() + " / " + load.ordersUnfinished());
		row(out, "offered / accepted / refused per s", number(load.offeredPerSecond()) + " / "
				+ number(load.acceptedPerSecond()) + " / " + number(load.refusals().perSecond()));
		row(out, "REJECTED TIMEOUT share of accepted", percent(load.timeoutShare()));
		refusals(out, load.refusals());
		row(out, "unexpected outcomes / request errors", load.unexpectedOutcomes() + " / " + load.requestErrors());
		row(out, "final states", load.finalStates().toString());
		row(out, "end-to-end orders/s", number(load.ordersPerSecond()));
		row(out, "events appended/s", number(load.eventsPerSecond()));
		row(out, "command transactions/s (implied)", number(load.commandTransactionsPerSecond()));
		if (baseline != null && baseline.transactionsPerSecond() > 0) {
			row(out, "  share of pgbench single-insert tx/s",
					number(100 * load.commandTransactionsPerSecond() / baseline.transactionsPerSecond()) + " %");
		}
		row(out, "final states observed by", observation(load));
		if (!load.sseFallbackReasons().isEmpty()) {
			load.sseFallbackReasons().forEach((reason, count) -> row(out, "  polled: " + reason, count.toString()));
		}
		row(out, "query API requests/s sent by the tool", number(load.queryRequestsPerSecond()));
		if (load.commandSidePeakRssMb() > 0 || load.querySidePeakRssMb() > 0) {
			row(out, "peak RSS MB command side / query side",
					number(load.commandSidePeakRssMb()) + " / " + number(load.querySidePeakRssMb()));
		}
		cost(out, load.cost());
		out.append(String.format(Locale.ROOT, "%-40s %7s %9s %9s %9s %9s %9s%n", "latency (ms)", "count", "mean", "p50",
				"p95", "p99", "max"));
		latencyRow(out, "place (command API)", load.placeLatency());
		if (load.refusals().answered().count() > 0) {
			latencyRow(out, "place refused (503)", load.refusals().answered());
		}
		if (load.sendLag().count() > 0) {
			latencyRow(out, "sender behind schedule", load.sendLag());
		}
		latencyRow(out, "place -> final (saga decided)", load.placeToFinal());
		for (Map.Entry<String, LatencySummary> kind : load.placeToFinalByKind().entrySet()) {
			latencyRow(out, "  " + kind.getKey(), kind.getValue());
		}
		out.append(load.perCustomerStreams()
				? "(final state observed as its event arrived on the customer's stream; fallbacks by polling)\n"
				: load.streamed()
						? "(final state observed as its event arrived on the order's stream; fallbacks by polling)\n"
						: String.format(Locale.ROOT, "(final state observed by polling every %s ms)%n",
								number(load.pollIntervalMs())));
		if (load.invariantViolations().isEmpty()) {
			out.append("invariants: all hold\n");
		}
		else {
			out.append("INVARIANTS BROKEN (").append(load.invariantViolations().size()).append("):\n");
			load.invariantViolations().stream().limit(50).forEach((v) -> out.append("  ").append(v).append('\n'));
		}
		if (!load.refusals().violations().isEmpty()) {
			out.append("REFUSALS BROKE THE RULES (").append(load.refusals().violations().size()).append("):\n");
			load.refusals().violations().stream().limit(50).forEach((v) -> out.append("  ").append(v).append('\n'));
		}
	}

	private static void overload(StringBuilder out, OverloadResult result) {
		LoadResult capacityPhase = result.capacityPhase();
		out.append((capacityPhase != null)
				? String.format(Locale.ROOT,
						"== overload: capacity %s orders/s, measured by a closed loop of %d in flight for %.0f s ==%n",
						number(result.capacity()), capacityPhase.concurrency(), capacityPhase.measuredSeconds())
				: String.format(Locale.ROOT, "== overload: capacity %s orders/s, as given ==%n",
						number(result.capacity())));
		out.append(String.format(Locale.ROOT, "%-10s %6s %10s %10s %10s %7s %9s %9s %9s%n", "phase", "rate",
				"offered/s", "accepted/s", "refused/s", "errors", "TIMEOUT", "p50 ms", "p99 ms"));
		phaseRow(out, "unloaded", result.unloadedShare(), result.unloaded());
		phaseRow(out, "overload", result.factor(), result.overload());
		LoadResult overload = result.overload();
		row(out, "accepted under overload / capacity", number(overload.acceptedPerSecond() / result.capacity()));
		if (overload.refusals().refused() == 0) {
			row(out, "refused under overload", "none");
		}
		else {
			row(out, "refused under overload, by type", overload.refusals().byType().toString());
			row(out, "refusal answered p50 / p99 ms (overload)", String.format(Locale.ROOT, "%.1f / %.1f",
					overload.refusals().answered().p50Ms(), overload.refusals().answered().p99Ms()));
		}
		row(out, "sender behind schedule p99 / max ms",
				String.format(Locale.ROOT, "unloaded %.1f / %.1f, overload %.1f / %.1f",
						result.unloaded().sendLag().p99Ms(), result.unloaded().sendLag().maxMs(),
						overload.sendLag().p99Ms(), overload.sendLag().maxMs()));
		out.append("(p50/p99: place -> final of the accepted orders the saga decided, REJECTED TIMEOUT included,"
				+ " from when each was due)\n");
		result.phasesByName().forEach((name, phase) -> {
			CostPerOrder cost = phase.cost();
			if (!cost.cpu().isEmpty() || cost.commitsPerOrder() != null) {
				StringBuilder cpu = new StringBuilder();
				cost.cpu()
					.forEach((process, figures) -> cpu.append(process)
						.append(' ')
						.append(String.format(Locale.ROOT, "%.2f", figures.cpuMsPerOrder()))
						.append(", "));
				row(out, "per order, " + name,
						cpu + "commits "
								+ ((cost.commitsPerOrder() != null)
										? String.format(Locale.ROOT, "%.2f", cost.commitsPerOrder()) : "-")
								+ ", rows written "
								+ ((cost.rowsWrittenPerOrder() != null)
										? String.format(Locale.ROOT, "%.2f", cost.rowsWrittenPerOrder()) : "-")
								+ " (CPU ms)");
			}
		});
		out.append("targets (reported; only broken rules fail a run):\n");
		for (Verdict verdict : result.verdicts()) {
			out.append(String.format(Locale.ROOT, "  %-58s %-12s %s%n", verdict.target(), label(verdict.state()),
					verdict.detail()));
		}
		List<String> broken = result.brokenRules();
		if (broken.isEmpty()) {
			out.append("invariants and refusal rules: all hold in every phase\n");
		}
		else {
			out.append("RULES BROKEN (").append(broken.size()).append("):\n");
			broken.stream().limit(50).forEach((rule) -> out.append("  ").append(rule).append('\n'));
		}
	}

	private static void phaseRow(StringBuilder out, String name, double multiple, LoadResult phase) {
		out.append(String.format(Locale.ROOT, "%-10s %5sx %10s %10s %10s %7d %9s %9.1f %9.1f%n", name, number(multiple),
				number(phase.offeredPerSecond()), number(phase.acceptedPerSecond()),
				number(phase.refusals().perSecond()), phase.requestErrors(), percent(phase.timeoutShare()),
				phase.placeToFinal().p50Ms(), phase.placeToFinal().p99Ms()));
	}

	private static String label(Verdict.State state) {
		return switch (state) {
			case MET -> "met";
			case MISSED -> "MISSED";
			case NOT_MEASURED -> "not measured";
		};
	}

	static String html(BenchmarkReport report) {
		StringBuilder charts = new StringBuilder();
		StringBuilder figures = new StringBuilder("<pre>").append(escape(table(report))).append("</pre>\n");
		if (report.overload() != null) {
			report.overload().phasesByName().forEach((name, phase) -> {
				charts.append("<h3>").append(name).append("</h3>\n").append(LatencyChart.svg(phase.series()));
				StringBuilder table = new StringBuilder();
				load(table, "phase " + name, phase, null);
				figures.append("<h3>phase ")
					.append(name)
					.append("</h3>\n<pre>")
					.append(escape(table.toString()))
					.append("</pre>\n");
			});
		}
		else {
			charts.append(LatencyChart.svg((report.load() != null) ? report.load().series() : List.of()));
		}
		return """
				<!DOCTYPE html>
				<html lang="en">
				<head>
				<meta charset="utf-8">
				<title>orders-on-axon benchmark %s</title>
				<style>body{font-family:sans-serif;margin:2em}pre{background:#f6f6f6;padding:1em}</style>
				</head>
				<body>
				<h1>orders-on-axon benchmark: %s</h1>
				<p>started %s</p>
				<h2>Place &rarr; final latency over time</h2>
				%s
				<h2>Figures</h2>
				%s
				</body>
				</html>
				""".formatted(escape(report.mode()), escape(report.mode()), report.startedAt(), charts, figures);
	}

	private static String observation(LoadResult load) {
		if (!load.streamed()) {
			return "polling GET /api/orders/{id} every " + number(load.pollIntervalMs()) + " ms";
		}
		if (load.perCustomerStreams()) {
			return String.format(Locale.ROOT,
					"a server-sent-event stream per customer (GET /api/orders/updates?customerId=): %d streams opened"
							+ " (%d reopened), %d orders polled instead",
					load.sseStreamsOpened(), load.customerStreamsReopened(), load.sseFallbacks());
		}
		return String.format(Locale.ROOT,
				"server-sent events (GET /api/orders/{id}/updates): %d streams opened, %d orders polled instead",
				load.sseStreamsOpened(), load.sseFallbacks());
	}

	/**
	 * CPU per process and PostgreSQL's work per order over the window; what could not be
	 * measured is left out, with the reason.
	 */
	private static void cost(StringBuilder out, CostPerOrder cost) {
		if (cost.orders() == 0 && cost.cpu().isEmpty() && cost.notes().isEmpty()) {
			return;
		}
		out.append(String.format(Locale.ROOT, "cost per order (%d orders completed in the window):%n", cost.orders()));
		out.append(String.format(Locale.ROOT, "  %-12s %8s %12s %10s %6s  %s%n", "CPU", "pid", "ms/order", "cores",
				"JIT", "found by"));
		cost.cpu()
			.forEach((name,
					process) -> out.append(String.format(Locale.ROOT, "  %-12s %8d %12.2f %10.2f %6s  %s%n", name,
							process.pid(), process.cpuMsPerOrder(), process.cores(), percent(process.compilerShare()),
							process.foundBy())));
		if (cost.cpuMsPerOrder() != null) {
			out.append(String.format(Locale.ROOT, "  %-12s %8s %12.2f%n", "together", "", cost.cpuMsPerOrder()));
		}
		row(out, "  PostgreSQL commits per order", perOrder(cost.commitsPerOrder(), cost.commits()));
		row(out, "  PostgreSQL statements per order", perOrder(cost.statementsPerOrder(), cost.statements()));
		row(out, "  PostgreSQL rows written per order", perOrder(cost.rowsWrittenPerOrder(), cost.rowsWritten()));
		cost.notes().forEach((note) -> out.append("  (").append(note).append(")\n"));
	}

	private static String percent(Double share) {
		return (share == null) ? "-" : String.format(Locale.ROOT, "%.0f %%", 100 * share);
	}

	private static String perOrder(Double perOrder, Long total) {
		return (perOrder == null) ? "not measured"
				: String.format(Locale.ROOT, "%.2f (%d in the window)", perOrder, total);
	}

	/** Only when there were refusals, or some were checked: most runs have none. */
	private static void refusals(StringBuilder out, RefusalSummary refusals) {
		if (refusals.refused() == 0 && refusals.withoutRetryAfter() == 0 && refusals.notProblemJson() == 0
				&& refusals.checkedNotStored() == 0) {
			return;
		}
		row(out, "refused (503) by problem type", refusals.byType().toString());
		row(out, "refusals without Retry-After / not problem+json",
				refusals.withoutRetryAfter() + " / " + refusals.notProblemJson());
		row(out, "refused orders looked up / found stored",
				refusals.checkedNotStored() + " / " + refusals.foundStored());
	}

	static String percent(double share) {
		return String.format(Locale.ROOT, "%.2f %%", 100 * share);
	}

	private static void row(StringBuilder out, String label, String value) {
		out.append(String.format(Locale.ROOT, "%-40s %s%n", label, value));
	}

	private static void latencyRow(StringBuilder out, String label, LatencySummary summary) {
		out.append(String.format(Locale.ROOT, "%-40s %7d %9.1f %9.1f %9.1f %9.1f %9.1f%n", label, summary.count(),
				summary.meanMs(), summary.p50Ms(), summary.p95Ms(), summary.p99Ms(), summary.maxMs()));
	}

	static String number(double value) {
		return String.format(Locale.ROOT, (Math.abs(value) >= 100) ? "%.0f" : "%.2f", value);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	/** Lines of a comparison: every numeric figure both files have, with b / a. */
	public static List<String> compare(Path a, Path b) throws IOException {
		Map<String, Double> left = Comparison.numericFigures(Json.MAPPER.readTree(a.toFile()));
		Map<String, Double> right = Comparison.numericFigures(Json.MAPPER.readTree(b.toFile()));
		List<String> lines = new ArrayList<>();
		lines.add(String.format(Locale.ROOT, "%-55s %14s %14s %9s", "figure", "a", "b", "b / a"));
		for (Map.Entry<String, Double> figure : left.entrySet()) {
			Double other = right.get(figure.getKey());
			if (other != null) {
				lines.add(String.format(Locale.ROOT, "%-55s %14s %14s %9s", figure.getKey(), number(figure.getValue()),
						number(other), Comparison.ratio(figure.getValue(), other)));
			}
		}
		return lines;
	}

}
