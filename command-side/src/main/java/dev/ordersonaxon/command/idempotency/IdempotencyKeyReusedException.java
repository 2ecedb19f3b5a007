package dev.ordersonaxon.command.idempotency;

/**
 * The key was used before for a different request (422): a key names one request, and
 * reusing it for another is a client's mistake that must not go unnoticed.
 */
public class IdempotencyKeyReusedException extends RuntimeException {

	IdempotencyKeyReusedException(String key) {
		super("Idempotency-Key '" + key + "' was used for a different request (another method, path or body); "
				+ "use a new key for a new request.");
	}

}
