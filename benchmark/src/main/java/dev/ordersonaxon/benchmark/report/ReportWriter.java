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
		LoadResult load = report.load();
		if (load != null) {
			out.append(load.concurrency() > 0
					? String.format(Locale.ROOT, "== load: closed loop, %d in flight, %.0f s measured ==%n",
							load.concurrency(), load.measuredSeconds())
					: String.format(Locale.ROOT, "== load: open loop, %.0f orders/s target, %.0f s measured ==%n",
							load.targetRate(), load.measuredSeconds()));
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
			if (report.baseline() != null && report.baseline().transactionsPerSecond() > 0) {
				row(out, "  share of pgbench single-insert tx/s",
						number(100 * load.commandTransactionsPerSecond() / report.baseline().transactionsPerSecond())
								+ " %");
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
			out.append(String.format(Locale.ROOT, "%-40s %7s %9s %9s %9s %9s %9s%n", "latency (ms)", "count", "mean",
					"p50", "p95", "p99", "max"));
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
			out.append(load.streamed()
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
			if (replay.querySideStartSeconds() > 0) {
				row(out, "query side start-up (s) / peak RSS (MB)",
						number(replay.querySideStartSeconds()) + " / " + number(replay.querySidePeakRssMb()));
			}
			if (replay.viewMismatches().isEmpty()) {
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

	static String html(BenchmarkReport report) {
		List<LatencyPoint> series = (report.load() != null) ? report.load().series() : List.of();
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
				<pre>%s</pre>
				</body>
				</html>
				""".formatted(escape(report.mode()), escape(report.mode()), report.startedAt(),
				LatencyChart.svg(series), escape(table(report)));
	}

	private static String observation(LoadResult load) {
		if (!load.streamed()) {
			return "polling GET /api/orders/{id} every " + number(load.pollIntervalMs()) + " ms";
		}
		return String.format(Locale.ROOT,
				"server-sent events (GET /api/orders/{id}/updates): %d streams opened, %d orders polled instead",
				load.sseStreamsOpened(), load.sseFallbacks());
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
