package dev.ordersonaxon.command.admission;

import java.time.Duration;

/**
 * A new order refused because the saga is too far behind, or deciding too many orders, to
 * decide it promptly, or too many requests wait for the database; nothing was stored.
 * Without a stack trace: refusals come by the hundred a second when the node is busiest,
 * and their message says all there is to say.
 */
public class OrdersOverloadedException extends RuntimeException {

	private final transient SagaBacklog.Measurement backlog;

	private final long retryAfterSeconds;

	private OrdersOverloadedException(String reason, SagaBacklog.Measurement backlog, long retryAfterSeconds) {
		super(reason + " Nothing was stored; place the order again after " + retryAfterSeconds + " s.", null, false,
				false);
		this.backlog = backlog;
		this.retryAfterSeconds = retryAfterSeconds;
	}

	/** Refused for the saga's lag. */
	OrdersOverloadedException(SagaBacklog.Measurement backlog, long retryAfterSeconds) {
		this("Orders are placed faster than they are processed: the saga is " + backlog.lag().toMillis() + " ms ("
				+ backlog.events() + " events) behind.", backlog, retryAfterSeconds);
	}

	/**
	 * Refused for the orders being decided; while the backlog cannot be measured, those
	 * the last measurement counted and every placement since count as being decided.
	 */
	OrdersOverloadedException(SagaBacklog.Measurement backlog, long placedUnseen, long maxPending,
			long retryAfterSeconds) {
		this((backlog.known() ? "Orders are placed faster than they are decided: "
				: "The saga's backlog cannot be measured now, so orders are counted as being decided until it can: ")
				+ (backlog.pendingOrders() + placedUnseen) + " orders are being decided, and at most " + maxPending
				+ " may be.", backlog, retryAfterSeconds);
	}

	/** Refused because the saga's backlog was last measured too long ago. */
	OrdersOverloadedException(Duration measuredAgo, SagaBacklog.Measurement backlog, long retryAfterSeconds) {
		this("The node is too busy to tell how far behind the saga is (last measured " + measuredAgo.toMillis()
				+ " ms ago).", backlog, retryAfterSeconds);
	}

	/** Refused for the requests waiting for a database connection. */
	OrdersOverloadedException(int connectionWaiters, SagaBacklog.Measurement backlog, long retryAfterSeconds) {
		this("Orders are placed faster than they can be stored: " + connectionWaiters
				+ " requests wait for the database.", backlog, retryAfterSeconds);
	}

	/**
	 * The saga's backlog when the order was refused: the last measurement, or, if it
	 * could not be measured, one that is not {@link SagaBacklog.Measurement#known()
	 * known}.
	 */
	public SagaBacklog.Measurement backlog() {
		return this.backlog;
	}

	public long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

}
