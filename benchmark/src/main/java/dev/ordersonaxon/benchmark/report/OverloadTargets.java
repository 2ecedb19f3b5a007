package dev.ordersonaxon.benchmark.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The targets of issue 14 for a system under overload, judged from an overload run's
 * phases: few accepted orders time out, the accepted ones are not much slower than
 * unloaded, and every refusal keeps the contract.
 */
public final class OverloadTargets {

	/** Of the accepted orders, at most this share may end {@code REJECTED TIMEOUT}. */
	public static final double MAX_TIMEOUT_SHARE = 0.01;

	/** Overloaded place → final p99 may be at most this many times the unloaded one. */
	public static final double MAX_P99_RATIO = 2;

	static final String TIMEOUT_TARGET = "TIMEOUT share <= 1 % of accepted, each phase";

	static final String P99_TARGET = "overload p99 <= 2 x unloaded p99 (place -> final)";

	static final String REFUSAL_TARGET = "every refusal a 503 with Retry-After that stored nothing";

	private OverloadTargets() {
	}

	/**
	 * @param unloaded the open-loop phase below capacity
	 * @param overload the open-loop phase above capacity
	 * @param phases every phase of the run, for the refusals
	 */
	public static List<Verdict> judge(LoadResult unloaded, LoadResult overload, List<LoadResult> phases) {
		return List.of(timeouts(unloaded, overload), p99(unloaded, overload), refusals(overload, phases));
	}

	static Verdict timeouts(LoadResult unloaded, LoadResult overload) {
		if (unloaded.ordersAccepted() == 0 && overload.ordersAccepted() == 0) {
			return new Verdict(TIMEOUT_TARGET, Verdict.State.NOT_MEASURED, "no order was accepted");
		}
		boolean met = within(unloaded) && within(overload);
		return Verdict.of(TIMEOUT_TARGET, met, "unloaded " + share(unloaded) + ", overload " + share(overload));
	}

	private static boolean within(LoadResult phase) {
		return phase.ordersAccepted() == 0 || phase.timeoutShare() <= MAX_TIMEOUT_SHARE;
	}

	private static String share(LoadResult phase) {
		return (phase.ordersAccepted() == 0) ? "none accepted"
				: String.format(Locale.ROOT, "%.2f %% of %d", 100 * phase.timeoutShare(), phase.ordersAccepted());
	}

	static Verdict p99(LoadResult unloaded, LoadResult overload) {
		LatencySummary before = unloaded.placeToFinal();
		LatencySummary under = overload.placeToFinal();
		if (before.count() == 0 || under.count() == 0 || before.p99Ms() <= 0) {
			return new Verdict(P99_TARGET, Verdict.State.NOT_MEASURED, "no place -> final latency in "
					+ ((before.count() == 0) ? "the unloaded" : "the overload") + " phase");
		}
		double ratio = under.p99Ms() / before.p99Ms();
		return Verdict.of(P99_TARGET, ratio <= MAX_P99_RATIO, String.format(Locale.ROOT,
				"overload %.1f ms, unloaded %.1f ms: %.2f x", under.p99Ms(), before.p99Ms(), ratio));
	}

	static Verdict refusals(LoadResult overload, List<LoadResult> phases) {
		int refused = 0;
		int withoutRetryAfter = 0;
		int notProblem = 0;
		int checked = 0;
		int stored = 0;
		boolean broken = false;
		Map<String, Integer> byType = new TreeMap<>();
		for (LoadResult phase : phases) {
			RefusalSummary refusals = phase.refusals();
			refused += refusals.refused();
			refusals.byType().forEach((type, count) -> byType.merge(type, count, Integer::sum));
			withoutRetryAfter += refusals.withoutRetryAfter();
			notProblem += refusals.notProblemJson();
			checked += refusals.checkedNotStored();
			stored += refusals.foundStored();
			broken |= !refusals.violations().isEmpty();
		}
		if (refused == 0 && !broken) {
			return Verdict.of(REFUSAL_TARGET, true, "no placement was refused");
		}
		List<String> figures = new ArrayList<>();
		figures.add(refused + " refused " + byType);
		if (overload.refusals().refused() == 0) {
			figures.add("none under overload");
		}
		figures.add(withoutRetryAfter + " without Retry-After");
		figures.add(notProblem + " not problem+json");
		figures.add(checked + " looked up, " + stored + " stored");
		return Verdict.of(REFUSAL_TARGET, !broken, String.join(", ", figures));
	}

}
