package dev.ordersonaxon.query.infrastructure;

/** Answered with 409: the request cannot be carried out in the current state. */
public class ConflictException extends RuntimeException {

	public ConflictException(String message) {
		super(message);
	}

}
