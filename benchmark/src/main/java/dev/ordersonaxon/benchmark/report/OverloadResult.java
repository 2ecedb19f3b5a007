package dev.ordersonaxon.benchmark.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figures of an overload run: the capacity it scaled by, a phase below it and a phase
 * above it (each a load run of its own, with fresh ids), and the targets judged from
 * them.
 *
 * @param capacity end-to-end orders/s taken as the system's capacity
 * @param capacityMeasured whether the capacity phase measured it (else it was given)
 * @param unloadedShare the unloaded phase's rate as a share of capacity
 * @param factor the overload phase's rate as a multiple of capacity
 * @param capacityPhase the closed loop that measured capacity, or null when it was given
 * @param unloaded the open loop below capacity
 * @param overload the open loop above capacity
 * @param verdicts the targets, judged; reported, never failing the run
 */
public record OverloadResult(double capacity, boolean capacityMeasured, double unloadedShare, double factor,
		LoadResult capacityPhase, LoadResult unloaded, LoadResult overload, List<Verdict> verdicts) {

	public OverloadResult {
		verdicts = (verdicts != null) ? List.copyOf(verdicts) : List.of();
	}

	public static OverloadResult of(double capacity, boolean capacityMeasured, double unloadedShare, double factor,
			LoadResult capacityPhase, LoadResult unloaded, LoadResult overload) {
		List<LoadResult> phases = List.copyOf(byName(capacityPhase, unloaded, overload).values());
		return new OverloadResult(capacity, capacityMeasured, unloadedShare, factor, capacityPhase, unloaded, overload,
				OverloadTargets.judge(unloaded, overload, phases));
	}

	/**
	 * The phases that ran, in order, by name: capacity (if measured), unloaded, overload.
	 */
	public Map<String, LoadResult> phasesByName() {
		return byName(this.capacityPhase, this.unloaded, this.overload);
	}

	private static Map<String, LoadResult> byName(LoadResult capacityPhase, LoadResult unloaded, LoadResult overload) {
		Map<String, LoadResult> phases = new LinkedHashMap<>();
		if (capacityPhase != null) {
			phases.put("capacity", capacityPhase);
		}
		phases.put("unloaded", unloaded);
		phases.put("overload", overload);
		return phases;
	}

	/** The broken invariants and refusal rules of every phase, each with its phase. */
	public List<String> brokenRules() {
		List<String> broken = new ArrayList<>();
		phasesByName().forEach((name, phase) -> phase.brokenRules().forEach((rule) -> broken.add(name + ": " + rule)));
		return broken;
	}

}
