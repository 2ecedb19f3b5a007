package dev.ordersonaxon.command.admission;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of admission control, bound from {@code orders.admission.*}.
 *
 * @param enabled whether order placements are refused at all while the saga is behind
 * @param maxSagaLag placements are refused while the oldest event the saga has not
 * handled yet is older than this
 * @param maxSagaLagEvents placements are also refused while the saga has more events than
 * this left to handle; 0 for no such bound
 * @param maxPendingOrders placements are also refused while this many orders or more are
 * being decided, on all nodes together, counting those this node admitted since the last
 * measurement; 0 for no such bound
 * @param maxConnectionWaiters placements are also refused while more threads than this
 * wait for a connection of this node's database pool; 0 for no such bound
 * @param checkInterval how often each command node measures the saga's backlog; a request
 * only reads the last measurement
 * @param recheckInterval once half the bound on pending orders is counted, how soon after
 * the last measurement began a placement has the next one made: the orders decided since
 * count against the bound until a measurement sees them
 * @param retryAfter what a refusal's {@code Retry-After} header tells the client to wait
 */
@ConfigurationProperties("orders.admission")
public record AdmissionSettings(@DefaultValue("true") boolean enabled, @DefaultValue("1s") Duration maxSagaLag,
		@DefaultValue("0") long maxSagaLagEvents, @DefaultValue("0") long maxPendingOrders,
		@DefaultValue("10") int maxConnectionWaiters, @DefaultValue("250ms") Duration checkInterval,
		@DefaultValue("2s") Duration retryAfter, @DefaultValue("50ms") Duration recheckInterval) {

	public AdmissionSettings {
		requirePositive("max-saga-lag", maxSagaLag);
		requirePositive("check-interval", checkInterval);
		requirePositive("retry-after", retryAfter);
		requirePositive("recheck-interval", recheckInterval);
		if (maxConnectionWaiters < 0) {
			throw new IllegalArgumentException(
					"orders.admission.max-connection-waiters must be 0 (no bound) or more: " + maxConnectionWaiters);
		}
		if (maxPendingOrders < 0) {
			throw new IllegalArgumentException(
					"orders.admission.max-pending-orders must be 0 (no bound) or more: " + maxPendingOrders);
		}
		if (maxSagaLagEvents < 0) {
			throw new IllegalArgumentException(
					"orders.admission.max-saga-lag-events must be 0 (no bound) or more: " + maxSagaLagEvents);
		}
	}

	/** Retry-After in whole seconds, at least one. */
	long retryAfterSeconds() {
		return Math.max(1, (this.retryAfter.toMillis() + 999) / 1000);
	}

	private static void requirePositive(String name, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("orders.admission." + name + " must be positive: " + value);
		}
	}

}
