package dev.ordersonaxon.query.infrastructure;

import java.time.Duration;

/**
 * Answered with 429 and {@code Retry-After}: the client, or all clients together, hold as
 * many of a limited resource as allowed.
 */
public class TooManyRequestsException extends RuntimeException {

	private final Duration retryAfter;

	public TooManyRequestsException(String message, Duration retryAfter) {
		super(message);
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
