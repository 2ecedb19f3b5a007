package dev.ordersonaxon.benchmark.report;

import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LatencySummaryTest {

	private static final long MS = 1_000_000L;

	@Test
	void summarizesWithNearestRankPercentiles() {
		long[] nanos = LongStream.rangeClosed(1, 100).map((i) -> (101 - i) * MS).toArray();

		LatencySummary summary = LatencySummary.ofNanos(nanos);

		assertThat(summary.count()).isEqualTo(100);
		assertThat(summary.p50Ms()).isEqualTo(50.0);
		assertThat(summary.p95Ms()).isEqualTo(95.0);
		assertThat(summary.p99Ms()).isEqualTo(99.0);
		assertThat(summary.maxMs()).isEqualTo(100.0);
		assertThat(summary.meanMs()).isEqualTo(50.5);
		assertThat(nanos[0]).as("input left unsorted").isEqualTo(100 * MS);
	}

	@Test
	void aSingleSampleIsEveryPercentile() {
		LatencySummary summary = LatencySummary.ofNanos(new long[] { 7 * MS });

		assertThat(summary).isEqualTo(new LatencySummary(1, 7, 7, 7, 7, 7));
	}

	@Test
	void smallSamplesRoundTheRankUp() {
		long[] sorted = { 10, 20, 30 };

		assertThat(LatencySummary.percentile(sorted, 50)).isEqualTo(20);
		assertThat(LatencySummary.percentile(sorted, 99)).isEqualTo(30);
		assertThat(LatencySummary.percentile(sorted, 1)).isEqualTo(10);
	}

	@Test
	void noSamplesSummarizeToZeros() {
		assertThat(LatencySummary.ofNanos(new long[0])).isEqualTo(LatencySummary.EMPTY);
		assertThatIllegalArgumentException().isThrownBy(() -> LatencySummary.percentile(new long[0], 50));
		assertThatIllegalArgumentException().isThrownBy(() -> LatencySummary.percentile(new long[] { 1 }, 0));
	}

}
