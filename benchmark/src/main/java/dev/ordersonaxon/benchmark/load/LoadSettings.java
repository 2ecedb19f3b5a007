package dev.ordersonaxon.benchmark.load;

import java.time.Duration;

import dev.ordersonaxon.benchmark.Arguments;
import dev.ordersonaxon.benchmark.BearerToken;
import dev.ordersonaxon.benchmark.Database;

/**
 * What a load run does; read from the command line.
 *
 * @param commandUrl base URL of the command API
 * @param queryUrl base URL of the query API
 * @param rate orders per second in open loop; ignored when concurrency is set
 * @param concurrency orders in flight at once in closed loop, or 0 for open loop
 * @param duration the measured window
 * @param warmup run before the window, not measured
 * @param customers customers to create
 * @param products products to create
 * @param seed seed of the mix, so two runs place the same orders
 * @param mix shares of the kinds of orders
 * @param pollInterval how often an order's view is read until it is final (when polling,
 * also after a stream failed)
 * @param finalTimeout how long to wait for one order to become final
 * @param settleTimeout how long the invariants may take to hold once the load stops
 * @param observe how the final states are seen: a stream of live updates per customer or
 * per order, or polling
 * @param idempotencyKeys whether every placement carries an {@code Idempotency-Key}
 * @param token what every request carries, or null when none was given (a run refuses to
 * start without one)
 * @param database where the system's database is, for its counters
 * @param commandPid the command side's process, or null to find it by its port
 * @param queryPid the query side's process, or null to find it by its port
 * @param postgresPid PostgreSQL's postmaster, or null to find it by its port
 */
record LoadSettings(String commandUrl, String queryUrl, double rate, int concurrency, Duration duration,
		Duration warmup, int customers, int products, long seed, OrderMix mix, Duration pollInterval,
		Duration finalTimeout, Duration settleTimeout, Observation observe, boolean idempotencyKeys, BearerToken token,
		Database database, Long commandPid, Long queryPid, Long postgresPid) {

	static LoadSettings from(Arguments args) {
		double rate = args.decimal("rate", 100);
		int concurrency = args.integer("concurrency", 0);
		Duration duration = args.duration("duration", Duration.ofSeconds(60));
		Duration warmup = args.duration("warmup", Duration.ofSeconds(5));
		return common(args).with(rate, concurrency, duration, warmup);
	}

	/**
	 * Everything but the loop (rate or concurrency, duration, warm-up), which a run of
	 * several phases sets per phase.
	 */
	static LoadSettings common(Arguments args) {
		return new LoadSettings(trim(args.string("command-url", "http://localhost:8080")),
				trim(args.string("query-url", "http://localhost:8081")), 0, 0, Duration.ZERO, Duration.ZERO,
				args.integer("customers", 100), args.integer("products", 50), args.longValue("seed", 42),
				new OrderMix(args.decimal("credit-exceeded", OrderMix.DEFAULT.creditExceeded()),
						args.decimal("out-of-stock", OrderMix.DEFAULT.outOfStock()),
						args.decimal("cancels", OrderMix.DEFAULT.cancels())),
				args.duration("poll-interval", Duration.ofMillis(5)),
				args.duration("final-timeout", Duration.ofSeconds(60)),
				args.duration("settle-timeout", Duration.ofSeconds(60)),
				Observation.parse(args.string("observe", Observation.PER_CUSTOMER.option())),
				args.flag("idempotency-keys"), BearerToken.from(args), Database.from(args), pid(args, "command-pid"),
				pid(args, "query-pid"), pid(args, "postgres-pid"));
	}

	private static Long pid(Arguments args, String option) {
		return args.has(option) ? args.longValue(option, 0) : null;
	}

	LoadSettings openLoopAt(double rate, Duration duration, Duration warmup) {
		if (!(rate > 0)) {
			throw new IllegalArgumentException("an open loop needs a rate above 0 orders/s: " + rate);
		}
		return with(rate, 0, duration, warmup);
	}

	LoadSettings closedLoopOf(int concurrency, Duration duration, Duration warmup) {
		if (concurrency < 1) {
			throw new IllegalArgumentException("a closed loop needs at least 1 order in flight: " + concurrency);
		}
		return with(0, concurrency, duration, warmup);
	}

	private LoadSettings with(double rate, int concurrency, Duration duration, Duration warmup) {
		return new LoadSettings(this.commandUrl, this.queryUrl, rate, concurrency, duration, warmup, this.customers,
				this.products, this.seed, this.mix, this.pollInterval, this.finalTimeout, this.settleTimeout,
				this.observe, this.idempotencyKeys, this.token, this.database, this.commandPid, this.queryPid,
				this.postgresPid);
	}

	private static String trim(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	boolean closedLoop() {
		return this.concurrency > 0;
	}

}
