package dev.ordersonaxon.query.infrastructure;

import java.util.Map;
import java.util.TreeMap;

import dev.ordersonaxon.eventstore.deadletters.DeadLettersHealthIndicator;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code viewRebuilds} health component (named after this bean, less its suffix):
 * {@code UP}, or {@link #DEGRADED} while a rebuilt view has failed to take its view's
 * place three times in a row on this node. The API goes on answering from the view as it
 * was and the projection shows {@code replaying: true}, so nothing else would tell an
 * operator that the rebuild is stuck (an index the swap cannot copy, say); the details
 * name each such view, since when it fails and on what. Like parked events, it keeps the
 * node in the load balancer.
 */
@Component
class ViewRebuildsHealthIndicator extends AbstractHealthIndicator {

	/** The status parked events give too, which the health settings rank and map. */
	static final Status DEGRADED = new Status(DeadLettersHealthIndicator.DEGRADED.getCode(),
			"A rebuilt view could not take its view's place; see the details and the log");

	/**
	 * Failed attempts in a row before a swap counts as stuck: a passing fault costs one.
	 */
	static final int STUCK_AFTER = 3;

	private final ViewRebuilds rebuilds;

	ViewRebuildsHealthIndicator(ViewRebuilds rebuilds) {
		super("Looking at the views' rebuilds failed");
		this.rebuilds = rebuilds;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, ViewRebuilds.FailingSwap> stuck = new TreeMap<>();
		this.rebuilds.failingSwaps().forEach((view, failing) -> {
			if (failing.attempts() >= STUCK_AFTER) {
				stuck.put(view, failing);
			}
		});
		builder.status(stuck.isEmpty() ? Status.UP : DEGRADED).withDetail("stuck", stuck);
	}

}
