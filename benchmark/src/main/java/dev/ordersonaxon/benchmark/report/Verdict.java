package dev.ordersonaxon.benchmark.report;

/**
 * Whether a run met one target. Targets are reported, never enforced: only broken rules
 * fail a run.
 *
 * @param target what was aimed for
 * @param state met, missed, or not measured (nothing to judge by)
 * @param detail the figures the judgement rests on
 */
public record Verdict(String target, State state, String detail) {

	/** How a target fared. */
	public enum State {

		MET, MISSED, NOT_MEASURED

	}

	static Verdict of(String target, boolean met, String detail) {
		return new Verdict(target, met ? State.MET : State.MISSED, detail);
	}

}
