package dev.ordersonaxon.benchmark.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyRecorderTest {

	private static final long S = 1_000_000_000L;

	private static final long MS = 1_000_000L;

	@Test
	void groupsSamplesByTheSecondTheyStarted() {
		LatencyRecorder recorder = new LatencyRecorder(1_000 * S);
		recorder.record(1_000 * S + 100 * MS, 10 * MS);
		recorder.record(1_000 * S + 900 * MS, 30 * MS);
		recorder.record(1_002 * S, 50 * MS);

		assertThat(recorder.perSecond()).containsExactly(new LatencyPoint(0, 2, 10, 30),
				new LatencyPoint(2, 1, 50, 50));
		assertThat(recorder.summary().count()).isEqualTo(3);
	}

	@Test
	void recentWindowCountsSamplesByWhenTheyEnded() {
		LatencyRecorder recorder = new LatencyRecorder(0);
		recorder.record(0, 500 * MS);
		recorder.record(S, 1_500 * MS);

		LatencySummary window = recorder.endedBetween(2 * S, 3 * S);

		assertThat(window.count()).isEqualTo(1);
		assertThat(window.p99Ms()).isEqualTo(1_500);
	}

}
