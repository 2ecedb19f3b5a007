package dev.ordersonaxon.benchmark.report;

import java.util.Arrays;

/**
 * Count, mean and nearest-rank percentiles of a set of latencies, in milliseconds.
 *
 * @param count how many samples
 * @param meanMs arithmetic mean
 * @param p50Ms median
 * @param p95Ms 95th percentile
 * @param p99Ms 99th percentile
 * @param maxMs the largest sample
 */
public record LatencySummary(int count, double meanMs, double p50Ms, double p95Ms, double p99Ms, double maxMs) {

	public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0);

	/** Summarizes latencies given in nanoseconds; the array is not changed. */
	public static LatencySummary ofNanos(long[] nanos) {
		if (nanos.length == 0) {
			return EMPTY;
		}
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		double sum = 0;
		for (long value : sorted) {
			sum += value;
		}
		return new LatencySummary(sorted.length, millis(sum / sorted.length), millis(percentile(sorted, 50)),
				millis(percentile(sorted, 95)), millis(percentile(sorted, 99)), millis(sorted[sorted.length - 1]));
	}

	/**
	 * Nearest rank: the smallest sample such that at least {@code percent} % of the
	 * samples are less than or equal to it. Needs a sorted, non-empty array.
	 */
	public static long percentile(long[] sorted, double percent) {
		if (sorted.length == 0) {
			throw new IllegalArgumentException("no samples");
		}
		if (percent <= 0 || percent > 100) {
			throw new IllegalArgumentException("percent must be in (0, 100]: " + percent);
		}
		int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
		return sorted[Math.max(rank, 1) - 1];
	}

	private static double millis(double nanos) {
		return Math.round(nanos / 1_000.0) / 1_000.0;
	}

}
