package dev.ordersonaxon.command.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@code Idempotency-Key} header, bound from
 * {@code orders.idempotency.*}.
 *
 * @param ttl how long a stored answer is kept: a repeat within it gets the stored answer,
 * one after it is handled as a new request
 * @param sweepInterval how often each command node deletes the answers past their time
 */
@ConfigurationProperties("orders.idempotency")
public record IdempotencySettings(@DefaultValue("24h") Duration ttl, @DefaultValue("10m") Duration sweepInterval) {

	public IdempotencySettings {
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("orders.idempotency.ttl must be positive: " + ttl);
		}
		if (sweepInterval.isNegative() || sweepInterval.isZero()) {
			throw new IllegalArgumentException("orders.idempotency.sweep-interval must be positive: " + sweepInterval);
		}
	}

}
