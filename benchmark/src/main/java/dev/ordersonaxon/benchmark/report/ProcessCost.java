package dev.ordersonaxon.benchmark.report;

/**
 * The CPU one process (group) on this machine used over a load run's measured window.
 *
 * @param pid the process, or the postmaster of PostgreSQL's processes
 * @param foundBy how the tool found it: the port it listens on, the option naming it, or
 * itself
 * @param cpuMs user and system CPU milliseconds over the window
 * @param cpuMsPerOrder the same per order completed in the window
 * @param cores cpuMs over the window's length: the share of one core it kept busy
 */
public record ProcessCost(long pid, String foundBy, double cpuMs, double cpuMsPerOrder, double cores) {
}
