package dev.ordersonaxon.benchmark.load;

import java.time.Duration;

import dev.ordersonaxon.benchmark.Arguments;

/**
 * How an overload run finds the system's capacity, and the rates of its two open-loop
 * phases as multiples of it; read from the command line.
 *
 * @param concurrency orders in flight in the closed loop that measures capacity
 * @param capacityDuration the measured window of that closed loop
 * @param givenCapacity orders/s taken as the capacity instead of measuring it, or 0 to
 * measure
 * @param unloadedShare the unloaded phase's rate, as a share of capacity
 * @param factor the overload phase's rate, as a multiple of capacity
 * @param duration the measured window of each open-loop phase
 * @param warmup run before the first phase, not measured
 * @param overloadWarmup run at the overload phase's rate before its window, not measured:
 * what the window then shows is overload on processes that have met it before, not their
 * first seconds of it (code they never ran before, compiled while the overload lasts)
 * @param pause between phases
 */
record OverloadPlan(int concurrency, Duration capacityDuration, double givenCapacity, double unloadedShare,
		double factor, Duration duration, Duration warmup, Duration overloadWarmup, Duration pause) {

	/**
	 * The pause between phases when final states are streamed: the query side ends a
	 * stream the tool hung up only at its next heartbeat (15 s by default), and until
	 * then it counts against the stream caps the next phase needs.
	 */
	static final Duration STREAMS_ENDED = Duration.ofSeconds(16);

	OverloadPlan {
		require(concurrency >= 1, "--concurrency must be at least 1: " + concurrency);
		require(capacityDuration.toNanos() > 0, "--capacity-duration must be longer than 0: " + capacityDuration);
		require(givenCapacity >= 0, "--capacity must be above 0 orders/s: " + givenCapacity);
		require(unloadedShare > 0, "--unloaded-share must be above 0: " + unloadedShare);
		require(factor > 0, "--factor must be above 0: " + factor);
		require(duration.toNanos() > 0, "--duration must be longer than 0: " + duration);
		require(!warmup.isNegative(), "--warmup must not be negative: " + warmup);
		require(!overloadWarmup.isNegative(), "--overload-warmup must not be negative: " + overloadWarmup);
		require(!pause.isNegative(), "--pause must not be negative: " + pause);
	}

	static OverloadPlan from(Arguments args, Observation observe) {
		double capacity = args.decimal("capacity", 0);
		if (args.has("capacity") && !(capacity > 0)) {
			throw new IllegalArgumentException("--capacity must be above 0 orders/s: " + capacity);
		}
		return new OverloadPlan(args.integer("concurrency", 16),
				args.duration("capacity-duration", Duration.ofSeconds(30)), capacity,
				args.decimal("unloaded-share", 0.5), args.decimal("factor", 3),
				args.duration("duration", Duration.ofSeconds(60)), args.duration("warmup", Duration.ofSeconds(5)),
				args.duration("overload-warmup", Duration.ZERO),
				args.duration("pause", observe.streamed() ? STREAMS_ENDED : Duration.ZERO));
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

	boolean measuresCapacity() {
		return this.givenCapacity == 0;
	}

	/** Orders/s of the unloaded phase. */
	double unloadedRate(double capacity) {
		return rate(this.unloadedShare, capacity);
	}

	/** Orders/s of the overload phase. */
	double overloadRate(double capacity) {
		return rate(this.factor, capacity);
	}

	private static double rate(double multiple, double capacity) {
		if (!(capacity > 0)) {
			throw new IllegalStateException("no capacity to scale: " + capacity + " orders/s");
		}
		return multiple * capacity;
	}

}
