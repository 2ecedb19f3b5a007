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
 * @param compilerCpuMs of cpuMs, what a JVM's JIT compiler threads used; null for a
 * process that is not one, or whose threads could not be read
 */
public record ProcessCost(long pid, String foundBy, double cpuMs, double cpuMsPerOrder, double cores,
		Double compilerCpuMs) {

	/** The JIT compiler's part of the process's CPU, 0 to 1; null where not measured. */
	public Double compilerShare() {
		return (this.compilerCpuMs == null || this.cpuMs <= 0) ? null : this.compilerCpuMs / this.cpuMs;
	}

}
