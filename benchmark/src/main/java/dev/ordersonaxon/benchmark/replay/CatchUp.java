package dev.ordersonaxon.benchmark.replay;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides from successive readings of the projections' positions when each one has caught
 * up with the head and is no longer replaying. After a replay request, a projection whose
 * processor has not reset yet still shows its old position at the head; so it counts only
 * once it has been seen behind, or once a grace period has passed (a replay too short to
 * be seen).
 */
final class CatchUp {

	private final List<String> projections;

	private final boolean afterReset;

	private final double graceSeconds;

	private final Set<String> seenBehind = new HashSet<>();

	private final Map<String, Double> caughtUp = new LinkedHashMap<>();

	CatchUp(List<String> projections, boolean afterReset, double graceSeconds) {
		this.projections = List.copyOf(projections);
		this.afterReset = afterReset;
		this.graceSeconds = graceSeconds;
	}

	/**
	 * One reading of one projection, {@code elapsed} seconds after the wait began. A
	 * projection that says it is replaying is behind whatever its position: at the head,
	 * its rebuilt view may still be on its way to taking the old one's place.
	 */
	void observe(String name, long position, long head, boolean replaying, double elapsed) {
		if (!this.projections.contains(name) || this.caughtUp.containsKey(name)) {
			return;
		}
		boolean behind = position < head || replaying;
		if (behind) {
			this.seenBehind.add(name);
		}
		boolean replayUnderway = !this.afterReset || this.seenBehind.contains(name) || elapsed > this.graceSeconds;
		if (!behind && replayUnderway) {
			this.caughtUp.put(name, elapsed);
		}
	}

	boolean done() {
		return this.caughtUp.size() == this.projections.size();
	}

	/** Per projection that has caught up, the seconds it took. */
	Map<String, Double> caughtUp() {
		return Map.copyOf(this.caughtUp);
	}

}
