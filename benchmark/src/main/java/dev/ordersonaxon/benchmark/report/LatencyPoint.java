package dev.ordersonaxon.benchmark.report;

/**
 * Latency of the orders placed during one second of a run.
 *
 * @param second seconds since the run started
 * @param count orders placed in that second that reached their final state
 * @param p50Ms median place-to-final latency
 * @param p99Ms 99th percentile place-to-final latency
 */
public record LatencyPoint(int second, int count, double p50Ms, double p99Ms) {
}
