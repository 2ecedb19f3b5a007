package dev.ordersonaxon.command.admission;

import java.time.Clock;
import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The door for new orders: {@link #admit()} refuses one while the saga is further behind
 * or is deciding more orders than the settings allow, or while more requests than allowed
 * wait for a database connection on this node. The first two are the work behind the
 * door, shared by all nodes; the third answers a sudden burst at once, before the saga's
 * lag shows it, where the burst would otherwise wait for connections and fail. It reads
 * the last measurement of the {@link SagaBacklog}, this node's {@link Placements} the
 * measurement may not show, and the pool's count of waiting threads, and queries nothing;
 * once half the bound on pending orders is taken, it has the next measurement made soon.
 * A missing measurement (none yet, or the database away) refuses nothing for the saga's
 * lag: it cannot be seen, and a placement then fails on its own if the database is the
 * cause. The bound on pending orders still holds then for this node's placements: what
 * the last measurement counted and every placement of this node since it began count
 * against it until a measurement succeeds again (other nodes' placements meanwhile are
 * theirs to count). A measurement older than a few check intervals refuses: the measuring
 * thread, which needs a moment of CPU and one query, is held up, and so is everything
 * else.
 */
public class OrderAdmission implements MeterBinder {

	/** Gauges and the counters of refusals. */
	static final String METRIC_PREFIX = "orders.admission";

	private static final int STALE_AFTER_INTERVALS = 8;

	private final Supplier<SagaBacklog.Measurement> backlog;

	private final Runnable measureSoon;

	private final IntSupplier connectionWaiters;

	private final AdmissionSettings settings;

	private final Clock clock;

	private final Duration staleAfter;

	private final Placements placements;

	private Counter refusedForLag;

	private Counter refusedForPending;

	private Counter refusedForConnections;

	/**
	 * @param backlog the saga's last measured backlog
	 * @param measureSoon asks for the next measurement soon, once half the bound on
	 * pending orders is taken: orders decided since the last one count against the bound
	 * until a measurement sees them, so that a bound of n would otherwise admit about n
	 * orders per check interval, in bursts, however fast the saga decides them
	 * @param placements this node's placements, counted by {@link #admit()} and
	 * {@link #answered(boolean)}, that its measurements read as they begin
	 * @param connectionWaiters how many threads wait for a connection of the
	 * application's pool now
	 */
	public OrderAdmission(Supplier<SagaBacklog.Measurement> backlog, Runnable measureSoon, Placements placements,
			IntSupplier connectionWaiters, AdmissionSettings settings, Clock clock) {
		this.backlog = backlog;
		this.measureSoon = measureSoon;
		this.placements = placements;
		this.connectionWaiters = connectionWaiters;
		this.settings = settings;
		this.clock = clock;
		this.staleAfter = settings.checkInterval().multipliedBy(STALE_AFTER_INTERVALS);
	}

	/**
	 * Returns if a new order may be placed now, and counts it in flight until
	 * {@link #answered(boolean)}; throws {@link OrdersOverloadedException} if not. It is
	 * counted before it is judged, so that placements judged at the same moment see each
	 * other: at the bound both may be refused, never both admitted beyond it.
	 */
	public void admit() {
		this.placements.admitted();
		try {
			refuseIfOverloaded();
		}
		catch (OrdersOverloadedException ex) {
			this.placements.answered(false);
			throw ex;
		}
	}

	private void refuseIfOverloaded() {
		if (!this.settings.enabled()) {
			return;
		}
		SagaBacklog.Measurement backlog = this.backlog.get();
		if (backlog.known()) {
			Duration age = Duration.between(backlog.at(), this.clock.instant());
			if (age.compareTo(this.staleAfter) > 0) {
				increment(this.refusedForLag);
				throw new OrdersOverloadedException(age, backlog, this.settings.retryAfterSeconds());
			}
			if (isBeyondBounds(backlog)) {
				increment(this.refusedForLag);
				throw new OrdersOverloadedException(backlog, this.settings.retryAfterSeconds());
			}
		}
		// the others: this one is in flight already
		long unseen = this.placements.unseenBy(backlog.storedHereBefore()) - 1;
		long maxPending = this.settings.maxPendingOrders();
		if (maxPending > 0) {
			long others = backlog.pendingOrders() + unseen;
			if (2 * (others + 1) >= maxPending) {
				// half way to the bound: orders decided since the measurement still
				// count, so have the next one made soon, before they fill the bound
				this.measureSoon.run();
			}
			if (others >= maxPending) {
				increment(this.refusedForPending);
				throw new OrdersOverloadedException(backlog, unseen, maxPending, this.settings.retryAfterSeconds());
			}
		}
		int waiters = this.connectionWaiters.getAsInt();
		if (this.settings.maxConnectionWaiters() > 0 && waiters > this.settings.maxConnectionWaiters()) {
			increment(this.refusedForConnections);
			throw new OrdersOverloadedException(waiters, backlog, this.settings.retryAfterSeconds());
		}
	}

	/**
	 * An admitted placement was answered.
	 * @param mayBeStored whether its order was placed (or had been, for a repeat), or may
	 * have been: false only for an answer that says nothing was stored, whose order is
	 * then pending nowhere
	 */
	void answered(boolean mayBeStored) {
		this.placements.answered(mayBeStored);
	}

	private boolean isBeyondBounds(SagaBacklog.Measurement backlog) {
		return backlog.lag().compareTo(this.settings.maxSagaLag()) > 0
				|| (this.settings.maxSagaLagEvents() > 0 && backlog.events() > this.settings.maxSagaLagEvents());
	}

	private static void increment(Counter counter) {
		if (counter != null) {
			counter.increment();
		}
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(METRIC_PREFIX + ".saga.lag", this.backlog, (backlog) -> seconds(backlog.get().lag()))
			.description("Age of the oldest event the order saga has yet to handle")
			.baseUnit("seconds")
			.register(registry);
		Gauge.builder(METRIC_PREFIX + ".saga.lag.events", this.backlog, (backlog) -> backlog.get().events())
			.description("Events after the order saga's position")
			.register(registry);
		Gauge.builder(METRIC_PREFIX + ".saga.lag.max", this.settings, (settings) -> seconds(settings.maxSagaLag()))
			.description("Saga lag beyond which new orders are refused")
			.baseUnit("seconds")
			.register(registry);
		Gauge.builder(METRIC_PREFIX + ".saga.lag.events.max", this.settings, AdmissionSettings::maxSagaLagEvents)
			.description("Saga backlog in events beyond which new orders are refused; 0 for no bound")
			.register(registry);
		Gauge.builder(METRIC_PREFIX + ".pending.orders", this.backlog, (backlog) -> backlog.get().pendingOrders())
			.description("Orders being decided, on all nodes, at the last measurement")
			.register(registry);
		Gauge
			.builder(METRIC_PREFIX + ".saga.backlog.measured", this.backlog, (backlog) -> backlog.get().known() ? 1 : 0)
			.description("1 while the saga's backlog is measured; 0 before the first measurement and after"
					+ " a failed one, while its lag refuses nothing and a bound on pending orders counts every"
					+ " placement since the last one")
			.register(registry);
		Gauge.builder(METRIC_PREFIX + ".placements.in.flight", this.placements, Placements::inFlight)
			.description("Order placements this node admitted and has not answered yet")
			.register(registry);
		Gauge.builder(METRIC_PREFIX + ".pending.orders.max", this.settings, AdmissionSettings::maxPendingOrders)
			.description("Orders being decided at which new orders are refused; 0 for no bound")
			.register(registry);
		Gauge.builder(METRIC_PREFIX + ".connection.waiters.max", this.settings, AdmissionSettings::maxConnectionWaiters)
			.description(
					"Threads waiting for a database connection beyond which new orders are refused; 0 for no bound")
			.register(registry);
		this.refusedForLag = Counter.builder(METRIC_PREFIX + ".refused")
			.description("Order placements refused at the door")
			.tag("reason", "saga-lag")
			.register(registry);
		this.refusedForPending = Counter.builder(METRIC_PREFIX + ".refused")
			.description("Order placements refused at the door")
			.tag("reason", "pending-orders")
			.register(registry);
		this.refusedForConnections = Counter.builder(METRIC_PREFIX + ".refused")
			.description("Order placements refused at the door")
			.tag("reason", "connection-waiters")
			.register(registry);
	}

	private static double seconds(Duration duration) {
		return duration.toNanos() / 1e9;
	}

}
