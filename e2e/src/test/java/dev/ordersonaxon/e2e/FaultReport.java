package dev.ordersonaxon.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The fault suite's table: per scenario the faults injected, what became of the orders,
 * how long processing took to come back and what clients were answered meanwhile. Figures
 * are measured and printed, never asserted.
 */
final class FaultReport {

	private final List<Row> rows = new ArrayList<>();

	/** One scenario's figures, filled in as it runs. */
	static final class Row {

		final String scenario;

		String faults = "";

		int placed;

		int accepted;

		int approved;

		int pending;

		int lost;

		int parked;

		final Map<String, Integer> rejected = new TreeMap<>();

		Duration maxPlaceToFinal;

		Duration allFinalAfterFaults;

		final List<Duration> resumedAfterFault = new ArrayList<>();

		Duration probeAfterFaults;

		Map<String, Map<String, Long>> answers = Map.of();

		final List<String> notes = new ArrayList<>();

		String outcome = "did not finish";

		Row(String scenario) {
			this.scenario = scenario;
		}

		void note(String note) {
			this.notes.add(note);
		}

	}

	synchronized Row row(String scenario) {
		Row row = new Row(scenario);
		this.rows.add(row);
		return row;
	}

	/** Prints the table to standard output and keeps a copy under target/e2e-logs. */
	synchronized void print() {
		StringBuilder out = new StringBuilder();
		out.append("\nFault-injection suite: what became of the orders (figures are measured, not asserted)\n");
		String format = "%-24s | %-40s | %6s | %8s | %8s | %-44s | %7s | %4s | %6s | %14s | %13s | %-26s | %9s | %s%n";
		out.append(String.format(format, "scenario", "faults injected", "placed", "accepted", "approved",
				"rejected, by reason", "pending", "lost", "parked", "max place→final", "all final in",
				"processing resumed in", "probe", "outcome"));
		for (Row row : this.rows) {
			out.append(String.format(format, row.scenario, row.faults, row.placed, row.accepted, row.approved,
					row.rejected.isEmpty() ? "-"
							: row.rejected.entrySet()
								.stream()
								.map((entry) -> entry.getKey() + " " + entry.getValue())
								.collect(Collectors.joining(", ")),
					row.pending, row.lost, row.parked, seconds(row.maxPlaceToFinal), seconds(row.allFinalAfterFaults),
					row.resumedAfterFault.isEmpty() ? "-"
							: row.resumedAfterFault.stream()
								.map(FaultReport::seconds)
								.collect(Collectors.joining(", ")),
					seconds(row.probeAfterFaults), row.outcome));
		}
		out.append("\nplaced: POSTs the load sent; accepted: answered 202; parked: sequences in dead-letter queues;"
				+ " max place→final: the slowest order, by its"
				+ " events' timestamps; all final in: from the end of the faults until every accepted order was final;"
				+ " processing resumed in: from each restart until an order placed then was approved; probe: a valid"
				+ " order placed after everything, to approved\n");
		out.append("\nWhat clients were answered, by phase:\n");
		for (Row row : this.rows) {
			row.answers.forEach((phase,
					counts) -> out.append(String.format("  %-24s %-28s %s%n", row.scenario, phase,
							counts.entrySet()
								.stream()
								.map((entry) -> entry.getKey() + " ×" + entry.getValue())
								.collect(Collectors.joining(", ")))));
		}
		List<String> notes = this.rows.stream()
			.flatMap((row) -> row.notes.stream().map((note) -> "  " + row.scenario + ": " + note))
			.toList();
		if (!notes.isEmpty()) {
			out.append("\nNotes:\n").append(String.join("\n", notes)).append('\n');
		}
		System.out.println(out);
		try {
			Path copy = Path.of("target", "e2e-logs", "fault-report.txt");
			Files.createDirectories(copy.getParent());
			Files.writeString(copy, out);
		}
		catch (IOException ex) {
			System.err.println("Could not keep a copy of the fault report: " + ex.getMessage());
		}
	}

	private static String seconds(Duration duration) {
		return (duration != null) ? String.format("%.1f s", duration.toMillis() / 1000.0) : "-";
	}

}
