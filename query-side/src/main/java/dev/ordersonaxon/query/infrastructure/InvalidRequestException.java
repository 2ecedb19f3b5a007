package dev.ordersonaxon.query.infrastructure;

import java.util.List;

/**
 * Answered with 400 and the list of offending fields; the detail says what to do instead
 * where the fields alone would not.
 */
public class InvalidRequestException extends RuntimeException {

	static final String DEFAULT_DETAIL = "The request has invalid parameters.";

	private final List<FieldProblem> errors;

	public InvalidRequestException(List<FieldProblem> errors) {
		this(DEFAULT_DETAIL, errors);
	}

	public InvalidRequestException(String detail, List<FieldProblem> errors) {
		super(detail);
		this.errors = List.copyOf(errors);
	}

	public List<FieldProblem> errors() {
		return this.errors;
	}

	/** One invalid field and what is wrong with it. */
	public record FieldProblem(String field, String message) {

	}

}
