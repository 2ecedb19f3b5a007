package dev.ordersonaxon.benchmark.report;

/**
 * PostgreSQL's own limit on this machine, measured by pgbench.
 *
 * @param clients concurrent pgbench clients
 * @param seconds how long pgbench ran
 * @param payloadBytes size of the bytea payload of each inserted row
 * @param transactionsPerSecond single-row insert transactions per second
 * @param latencyAverageMs pgbench's average transaction latency
 */
public record BaselineResult(int clients, double seconds, int payloadBytes, double transactionsPerSecond,
		double latencyAverageMs) {
}
