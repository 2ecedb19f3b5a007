package dev.ordersonaxon.benchmark.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one run measured; written as the JSON result file. Parts a mode did not run
 * are null.
 *
 * @param mode load, overload, replay or baseline
 * @param startedAt when the run began
 * @param options the command-line options as given
 * @param load the load benchmark's figures
 * @param replay the replay benchmark's figures
 * @param baseline pgbench's figures
 * @param overload the overload benchmark's figures
 * @param notes how to read the figures (polling granularity, what a rate counts)
 */
public record BenchmarkReport(String mode, Instant startedAt, Map<String, String> options, LoadResult load,
		ReplayResult replay, BaselineResult baseline, OverloadResult overload, List<String> notes) {

	public BenchmarkReport {
		notes = (notes != null) ? List.copyOf(notes) : List.of();
	}

	public BenchmarkReport withBaseline(BaselineResult baseline) {
		return new BenchmarkReport(this.mode, this.startedAt, this.options, this.load, this.replay, baseline,
				this.overload, this.notes);
	}

	/** True when nothing the run checked was broken. */
	public boolean passed() {
		return (this.load == null || this.load.brokenRules().isEmpty())
				&& (this.replay == null || this.replay.viewMismatches().isEmpty())
				&& (this.overload == null || this.overload.brokenRules().isEmpty());
	}

}
