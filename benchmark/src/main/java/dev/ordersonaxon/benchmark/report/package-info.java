/** Latency statistics, result files, the HTML chart and comparison of two runs. */
package dev.ordersonaxon.benchmark.report;
