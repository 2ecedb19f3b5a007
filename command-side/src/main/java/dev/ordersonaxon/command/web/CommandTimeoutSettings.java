package dev.ordersonaxon.command.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a REST request waits for its command.
 *
 * @param timeout the longest a request waits for its command to complete (retries of lost
 * races included) before it answers 503
 */
@ConfigurationProperties("orders.command")
record CommandTimeoutSettings(@DefaultValue("10s") Duration timeout) {

	CommandTimeoutSettings {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("orders.command.timeout must be positive: " + timeout);
		}
	}

}
