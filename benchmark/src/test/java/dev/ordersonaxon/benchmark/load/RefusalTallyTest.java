package dev.ordersonaxon.benchmark.load;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.ordersonaxon.benchmark.load.RefusalTally.Lookup;
import dev.ordersonaxon.benchmark.report.RefusalSummary;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RefusalTallyTest {

	private static final long MS = 1_000_000L;

	private static final Refusal OVERLOADED = new Refusal("/problems/overloaded", 1, true);

	private static final Refusal UNAVAILABLE = new Refusal("/problems/unavailable", 2, true);

	@Test
	void countsTheWindowsRefusalsByTypeAndTheirRate() {
		RefusalTally tally = new RefusalTally();
		tally.add("o1", OVERLOADED, false, 4 * MS);
		tally.add("o2", OVERLOADED, true, 2 * MS);
		tally.add("o3", OVERLOADED, true, 2 * MS);
		tally.add("o4", UNAVAILABLE, true, 6 * MS);

		RefusalSummary summary = tally.summary(2, Lookup.NONE);

		assertThat(summary.refused()).isEqualTo(3);
		assertThat(summary.perSecond()).isEqualTo(1.5);
		assertThat(summary.byType()).containsExactly(Map.entry("overloaded", 2), Map.entry("unavailable", 1));
		assertThat(summary.answered().count()).isEqualTo(3);
		assertThat(summary.answered().maxMs()).isEqualTo(6);
		assertThat(summary.violations()).isEmpty();
	}

	@Test
	void checksEveryOverloadedRefusalOfTheRunWarmUpIncludedAndNoOther() {
		RefusalTally tally = new RefusalTally();
		tally.add("o1", OVERLOADED, false, MS);
		tally.add("o2", UNAVAILABLE, true, MS);
		tally.add("o3", OVERLOADED, true, MS);

		assertThat(tally.toCheck()).containsExactly("o1", "o3");
	}

	@Test
	void aRefusalWithoutRetryAfterOrProblemBreaksARuleEvenInTheWarmUp() {
		RefusalTally tally = new RefusalTally();
		tally.add("o1", new Refusal("/problems/overloaded", -1, true), false, MS);
		tally.add("o2", new Refusal(null, 1, false), true, MS);
		tally.add("o3", new Refusal(null, -1, false), true, MS);

		RefusalSummary summary = tally.summary(1, Lookup.NONE);

		assertThat(summary.withoutRetryAfter()).isEqualTo(2);
		assertThat(summary.notProblemJson()).isEqualTo(2);
		assertThat(summary.byType()).containsOnlyKeys(Refusal.NO_TYPE);
		assertThat(summary.violations()).containsExactly("2 refusal(s) without a Retry-After in seconds, e.g. order o1",
				"2 refusal(s) not application/problem+json, e.g. order o2");
	}

	@Test
	void aRefusedOrderFoundOrUnreadableBreaksARule() {
		RefusalTally tally = new RefusalTally();
		tally.add("o1", OVERLOADED, true, MS);
		tally.add("o2", OVERLOADED, true, MS);

		RefusalSummary summary = tally.summary(1,
				new Lookup(2, List.of("o1"), List.of("o2 could not be looked up: HTTP 500")));

		assertThat(summary.checkedNotStored()).isEqualTo(2);
		assertThat(summary.foundStored()).isEqualTo(1);
		assertThat(summary.violations()).containsExactly("order o1 was refused as overloaded, yet the query API has it",
				"refused order o2 could not be looked up: HTTP 500");
	}

	@Test
	void samplesEvenlyOverTheRunBeyondTheLimit() {
		List<String> ids = IntStream.range(0, 10).mapToObj((i) -> "o" + i).toList();

		assertThat(RefusalTally.sample(ids, 20)).isEqualTo(ids);
		assertThat(RefusalTally.sample(ids, 5)).containsExactly("o0", "o2", "o4", "o6", "o8");
		assertThat(RefusalTally.sample(ids, 3)).containsExactly("o0", "o3", "o6");
		assertThat(RefusalTally.sample(List.of(), 3)).isEmpty();
	}

}
