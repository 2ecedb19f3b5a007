package dev.ordersonaxon.eventstore.deadletters;

import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code UP} while nothing is parked, {@link #DEGRADED} otherwise: the application goes
 * on handling every other aggregate's events, but some views or orders wait for an
 * operator. Map the status to HTTP 200 and order it between {@code OUT_OF_SERVICE} and
 * {@code UP} ({@code management.endpoint.health.status.*}), so that parked events do not
 * take the instance out of a load balancer.
 */
public class DeadLettersHealthIndicator extends AbstractHealthIndicator {

	public static final Status DEGRADED = new Status("DEGRADED", "Events are parked; see /api/admin/dead-letters");

	private final DeadLetters deadLetters;

	public DeadLettersHealthIndicator(DeadLetters deadLetters) {
		super("Counting parked events failed");
		this.deadLetters = deadLetters;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, Long> counts = this.deadLetters.counts();
		long count = counts.values().stream().mapToLong(Long::longValue).sum();
		builder.status((count == 0) ? Status.UP : DEGRADED).withDetail("count", count).withDetail("groups", counts);
	}

}
