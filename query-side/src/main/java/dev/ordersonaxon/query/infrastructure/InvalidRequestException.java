package dev.ordersonaxon.query.infrastructure;

import java.util.List;

/** Answered with 400 and the list of offending fields. */
public class InvalidRequestException extends RuntimeException {

	private final List<FieldProblem> errors;

	public InvalidRequestException(List<FieldProblem> errors) {
		super("Invalid request parameters");
		this.errors = List.copyOf(errors);
	}

	public List<FieldProblem> errors() {
		return this.errors;
	}

	/** One invalid field and what is wrong with it. */
	public record FieldProblem(String field, String message) {

	}

}
