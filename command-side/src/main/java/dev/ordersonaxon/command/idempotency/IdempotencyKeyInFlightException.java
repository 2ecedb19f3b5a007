package dev.ordersonaxon.command.idempotency;

/**
 * Another request with the same key is being handled right now (409): its answer is not
 * known yet. Retrying after a moment gets that answer.
 */
public class IdempotencyKeyInFlightException extends RuntimeException {

	IdempotencyKeyInFlightException(String key) {
		super("A request with Idempotency-Key '" + key + "' is still being handled; repeat it in a moment to get "
				+ "its answer.");
	}

}
