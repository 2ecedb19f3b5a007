package dev.ordersonaxon.benchmark.report;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Collects latency samples from many threads, each stamped with the moment it started,
 * and summarizes them overall, per second, or for a recent window.
 */
public final class LatencyRecorder {

	private final long originNanos;

	private final List<long[]> samples = new ArrayList<>();

	/**
	 * @param originNanos the {@link System#nanoTime()} at which second 0 of the run began
	 */
	public LatencyRecorder(long originNanos) {
		this.originNanos = originNanos;
	}

	public synchronized void record(long startNanos, long latencyNanos) {
		this.samples.add(new long[] { startNanos, latencyNanos, startNanos + latencyNanos });
	}

	public synchronized int count() {
		return this.samples.size();
	}

	public synchronized LatencySummary summary() {
		return LatencySummary.ofNanos(this.samples.stream().mapToLong((sample) -> sample[1]).toArray());
	}

	/**
	 * Samples that ended in {@code [fromNanos, toNanos)}: the "current" figures of the
	 * progress line.
	 */
	public synchronized LatencySummary endedBetween(long fromNanos, long toNanos) {
		return LatencySummary.ofNanos(this.samples.stream()
			.filter((sample) -> sample[2] >= fromNanos && sample[2] < toNanos)
			.mapToLong((sample) -> sample[1])
			.toArray());
	}

	/**
	 * Per second of start time, since the origin; seconds without samples are left out.
	 */
	public synchronized List<LatencyPoint> perSecond() {
		TreeMap<Integer, List<Long>> bySecond = new TreeMap<>();
		for (long[] sample : this.samples) {
			int second = (int) Math.floorDiv(sample[0] - this.originNanos, 1_000_000_000L);
			bySecond.computeIfAbsent(second, (key) -> new ArrayList<>()).add(sample[1]);
		}
		List<LatencyPoint> points = new ArrayList<>();
		bySecond.forEach((second, latencies) -> {
			LatencySummary summary = LatencySummary.ofNanos(latencies.stream().mapToLong(Long::longValue).toArray());
			points.add(new LatencyPoint(second, summary.count(), summary.p50Ms(), summary.p99Ms()));
		});
		return points;
	}

}
