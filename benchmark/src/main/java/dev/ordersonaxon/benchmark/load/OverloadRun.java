package dev.ordersonaxon.benchmark.load;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

import dev.ordersonaxon.benchmark.Arguments;
import dev.ordersonaxon.benchmark.report.LoadResult;
import dev.ordersonaxon.benchmark.report.OverloadResult;

/**
 * What admission control does under overload, in one run of up to three load runs: a
 * closed loop that measures capacity (unless it is given), an open loop below it and an
 * open loop above it. Each phase creates its own customers, products and orders, and
 * waits for its compensations to settle and its invariants to hold before the next
 * begins; the warm-up runs before the first phase, and the overload phase may have one of
 * its own at its rate.
 */
public final class OverloadRun {

	private final OverloadPlan plan;

	private final LoadSettings common;

	private OverloadRun(OverloadPlan plan, LoadSettings common) {
		this.plan = plan;
		this.common = common;
	}

	/**
	 * Reads every option the run takes, so that a misspelt one is reported before it
	 * starts.
	 */
	public static OverloadRun from(Arguments args) {
		LoadSettings common = LoadSettings.common(args);
		return new OverloadRun(OverloadPlan.from(args, common.observe()), common);
	}

	public OverloadResult run(PrintStream out) throws InterruptedException {
		String runId = LoadRun.newRunId();
		int phases = this.plan.measuresCapacity() ? 3 : 2;
		int phase = 0;
		Duration warmup = this.plan.warmup();
		LoadResult capacityPhase = null;
		double capacity = this.plan.givenCapacity();
		if (this.plan.measuresCapacity()) {
			banner(out, ++phase, phases, String.format(Locale.ROOT, "capacity, closed loop of %d in flight for %s",
					this.plan.concurrency(), seconds(this.plan.capacityDuration())));
			capacityPhase = LoadRun.run(
					this.common.closedLoopOf(this.plan.concurrency(), this.plan.capacityDuration(), warmup),
					runId + "-capacity", out);
			capacity = capacityPhase.ordersPerSecond();
			warmup = Duration.ZERO;
			if (!(capacity > 0)) {
				throw new IllegalStateException("no order completed in the capacity phase, so there is no capacity "
						+ "to scale by; see its progress lines above");
			}
			out.printf("capacity: %s orders/s completed end to end%n", perSecond(capacity));
		}
		double unloadedRate = this.plan.unloadedRate(capacity);
		if (capacityPhase != null) {
			pause(out);
		}
		banner(out, ++phase, phases,
				String.format(Locale.ROOT, "unloaded, open loop at %s orders/s (%s x %s) for %s",
						perSecond(unloadedRate), this.plan.unloadedShare(), perSecond(capacity),
						seconds(this.plan.duration())));
		LoadResult unloaded = LoadRun.run(this.common.openLoopAt(unloadedRate, this.plan.duration(), warmup),
				runId + "-unloaded", out);
		double overloadRate = this.plan.overloadRate(capacity);
		pause(out);
		banner(out, ++phase, phases,
				String.format(Locale.ROOT, "overload, open loop at %s orders/s (%s x %s) for %s%s",
						perSecond(overloadRate), this.plan.factor(), perSecond(capacity), seconds(this.plan.duration()),
						this.plan.overloadWarmup().isZero() ? ""
								: " after a warm-up of " + seconds(this.plan.overloadWarmup()) + " at that rate"));
		LoadResult overload = LoadRun.run(
				this.common.openLoopAt(overloadRate, this.plan.duration(), this.plan.overloadWarmup()),
				runId + "-overload", out);
		return OverloadResult.of(capacity, this.plan.measuresCapacity(), this.plan.unloadedShare(), this.plan.factor(),
				capacityPhase, unloaded, overload);
	}

	private void pause(PrintStream out) throws InterruptedException {
		if (this.plan.pause().isZero()) {
			return;
		}
		out.printf(Locale.ROOT, "pausing %s so that the query side has ended the streams of the last phase%n",
				seconds(this.plan.pause()));
		Thread.sleep(this.plan.pause().toMillis());
	}

	private static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

	private static String perSecond(double rate) {
		return String.format(Locale.ROOT, "%.1f", rate);
	}

	private static void banner(PrintStream out, int phase, int phases, String what) {
		out.println();
		out.printf("== phase %d of %d: %s ==%n", phase, phases, what);
	}

}
