package dev.ordersonaxon.benchmark.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.ordersonaxon.benchmark.report.LatencySummary;
import dev.ordersonaxon.benchmark.report.RefusalSummary;

/**
 * Counts a run's refusals: those of the measured window by problem type, with the time
 * each took to be answered; and, over the whole run, those that broke the contract and
 * the orders that must not exist afterwards.
 */
final class RefusalTally {

	/** At most this many refused orders are looked up at the end. */
	static final int MAX_CHECKED = 1_000;

	private final Map<String, Integer> byType = new TreeMap<>();

	private final List<Long> answered = new ArrayList<>();

	private final List<String> withoutRetryAfter = new ArrayList<>();

	private final List<String> notProblemJson = new ArrayList<>();

	private final List<String> mustNotExist = new ArrayList<>();

	/**
	 * @param orderId the refused order
	 * @param refusal what the answer carried
	 * @param inWindow whether the order was due in the measured window
	 * @param answeredNanos due → answered
	 */
	void add(String orderId, Refusal refusal, boolean inWindow, long answeredNanos) {
		if (inWindow) {
			this.byType.merge(refusal.typeName(), 1, Integer::sum);
			this.answered.add(answeredNanos);
		}
		if (!refusal.hasRetryAfter()) {
			this.withoutRetryAfter.add(orderId);
		}
		if (!refusal.problemJson()) {
			this.notProblemJson.add(orderId);
		}
		if (refusal.promisesNothingStored()) {
			this.mustNotExist.add(orderId);
		}
	}

	/**
	 * The orders to look up: every one the admission control refused, or, beyond
	 * {@value #MAX_CHECKED}, that many spread evenly over the run.
	 */
	List<String> toCheck() {
		return sample(this.mustNotExist, MAX_CHECKED);
	}

	static List<String> sample(List<String> ids, int limit) {
		if (ids.size() <= limit) {
			return List.copyOf(ids);
		}
		List<String> sample = new ArrayList<>(limit);
		for (int i = 0; i < limit; i++) {
			sample.add(ids.get((int) ((long) i * ids.size() / limit)));
		}
		return sample;
	}

	/**
	 * @param windowSeconds length of the measured window
	 * @param lookup what the end-of-run lookup of {@link #toCheck()} found
	 */
	RefusalSummary summary(double windowSeconds, Lookup lookup) {
		List<String> violations = new ArrayList<>();
		if (!this.withoutRetryAfter.isEmpty()) {
			violations.add(this.withoutRetryAfter.size() + " refusal(s) without a Retry-After in seconds, e.g. order "
					+ this.withoutRetryAfter.get(0));
		}
		if (!this.notProblemJson.isEmpty()) {
			violations.add(this.notProblemJson.size() + " refusal(s) not application/problem+json, e.g. order "
					+ this.notProblemJson.get(0));
		}
		lookup.stored()
			.forEach((id) -> violations.add("order " + id + " was refused as overloaded, yet the query API has it"));
		lookup.unreadable().forEach((problem) -> violations.add("refused order " + problem));
		int refused = this.answered.size();
		return new RefusalSummary(refused, (windowSeconds > 0) ? refused / windowSeconds : 0, this.byType,
				LatencySummary.ofNanos(this.answered.stream().mapToLong(Long::longValue).toArray()),
				this.withoutRetryAfter.size(), this.notProblemJson.size(), lookup.checked(), lookup.stored().size(),
				violations);
	}

	/**
	 * What looking up refused orders on the query API found.
	 *
	 * @param checked how many were looked up
	 * @param stored the ids that exist
	 * @param unreadable the lookups answered neither 404 nor 200, with what they answered
	 */
	record Lookup(int checked, List<String> stored, List<String> unreadable) {

		static final Lookup NONE = new Lookup(0, List.of(), List.of());

		Lookup {
			stored = List.copyOf(stored);
			unreadable = List.copyOf(unreadable);
		}

	}

}
