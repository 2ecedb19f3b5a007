package dev.ordersonaxon.query.infrastructure;

/** Answered with 404: the requested view or resource does not exist. */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String message) {
		super(message);
	}

}
