package dev.ordersonaxon.command.web;

import java.time.Duration;

/**
 * A command did not complete within {@code orders.command.timeout}; answered with 503.
 */
class CommandTimeoutException extends RuntimeException {

	private final Duration timeout;

	CommandTimeoutException(Duration timeout) {
		super("command did not complete within " + timeout);
		this.timeout = timeout;
	}

	Duration timeout() {
		return this.timeout;
	}

}
