package dev.ordersonaxon.benchmark.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the orders of a load run's measured window cost: CPU of each process the tool can
 * see on this machine, and PostgreSQL's work from its statistics, both as the difference
 * of a sample at the start and one at the end of the window, divided by the orders
 * completed in it. A figure that could not be measured is null, with the reason in the
 * notes.
 *
 * @param orders orders completed end to end in the window, the divisor
 * @param cpu per process: {@code command}, {@code query}, {@code postgres} (the
 * postmaster and all its backends) and {@code tool}
 * @param cpuMsPerOrder the processes' CPU together, per order
 * @param commits transactions committed in the database (pg_stat_database.xact_commit,
 * read-only ones included)
 * @param commitsPerOrder the same per order
 * @param rowsWritten rows inserted, updated and deleted (tup_inserted + tup_updated +
 * tup_deleted)
 * @param rowsWrittenPerOrder the same per order
 * @param statements statements executed in the database (pg_stat_statements calls)
 * @param statementsPerOrder the same per order
 * @param notes what could not be measured, and why
 */
public record CostPerOrder(int orders, Map<String, ProcessCost> cpu, Double cpuMsPerOrder, Long commits,
		Double commitsPerOrder, Long rowsWritten, Double rowsWrittenPerOrder, Long statements,
		Double statementsPerOrder, List<String> notes) {

	public static final CostPerOrder NONE = new CostPerOrder(0, Map.of(), null, null, null, null, null, null, null,
			List.of());

	public CostPerOrder {
		cpu = Collections.unmodifiableMap(new LinkedHashMap<>((cpu != null) ? cpu : Map.of()));
		notes = List.copyOf((notes != null) ? notes : List.of());
	}

}
