package dev.ordersonaxon.benchmark.report;

import java.util.List;
import java.util.Map;

/**
 * Figures of a replay run.
 *
 * @param seededEvents events appended by this run through Axon's event store
 * @param seedEventsPerSecond append rate of the seeding
 * @param eventsInStore events in the store when the rebuild started: what every
 * projection reads
 * @param rebuildSeconds from the replay requests until every projection was caught up
 * @param replayEventsPerSecond events in store / rebuild seconds, of the first rebuild
 * @param rebuildEventsPerSecond the same for each rebuild ({@code --rebuilds}) in turn,
 * on the same query side: the first one runs while its JIT compiler is still at work
 * @param projectionSeconds per projection, when it caught up in the first rebuild
 * @param rawRowsRead rows read by the raw paged JDBC scan
 * @param rawReadRowsPerSecond rows per second of that scan
 * @param replayToRawReadRatio replay rate / raw read rate
 * @param viewMismatches seeded customers or products whose view differs from their
 * history
 * @param querySideStartSeconds start-up time of the query side the tool launched, or 0
 * @param querySidePeakRssMb its peak resident memory, or 0
 */
public record ReplayResult(long seededEvents, double seedEventsPerSecond, long eventsInStore, double rebuildSeconds,
		double replayEventsPerSecond, List<Double> rebuildEventsPerSecond, Map<String, Double> projectionSeconds,
		long rawRowsRead, double rawReadRowsPerSecond, double replayToRawReadRatio, List<String> viewMismatches,
		double querySideStartSeconds, double querySidePeakRssMb) {

	public ReplayResult {
		rebuildEventsPerSecond = (rebuildEventsPerSecond != null) ? List.copyOf(rebuildEventsPerSecond) : List.of();
		viewMismatches = List.copyOf(viewMismatches);
	}

}
