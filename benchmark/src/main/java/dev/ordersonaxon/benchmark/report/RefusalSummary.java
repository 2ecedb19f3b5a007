package dev.ordersonaxon.benchmark.report;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The placements a run saw answered 503: not failures but refusals, never followed and
 * left out of the outcomes and invariants. The counts and the rate are of the measured
 * window; the contract figures cover every refusal of the run, warm-up included.
 *
 * @param refused placements of the window answered 503
 * @param perSecond of those, per second of the window
 * @param byType of those, per problem type (its last segment, such as {@code overloaded})
 * @param answered due → refusal answered, for the refusals of the window
 * @param withoutRetryAfter refusals without a {@code Retry-After} in seconds
 * @param notProblemJson refusals whose body was not {@code application/problem+json}
 * @param checkedNotStored refusals of the admission control
 * ({@code /problems/overloaded}) whose order id was looked up on the query API once the
 * run had settled
 * @param foundStored of those, the orders that exist though they were refused
 * @param violations the broken rules among the refusals, empty when none
 */
public record RefusalSummary(int refused, double perSecond, Map<String, Integer> byType, LatencySummary answered,
		int withoutRetryAfter, int notProblemJson, int checkedNotStored, int foundStored, List<String> violations) {

	public static final RefusalSummary NONE = new RefusalSummary(0, 0, Map.of(), LatencySummary.EMPTY, 0, 0, 0, 0,
			List.of());

	public RefusalSummary {
		byType = Collections.unmodifiableMap(new TreeMap<>((byType != null) ? byType : Map.of()));
		answered = (answered != null) ? answered : LatencySummary.EMPTY;
		violations = (violations != null) ? List.copyOf(violations) : List.of();
	}

}
