package dev.ordersonaxon.query.infrastructure;

import java.util.ArrayList;
import java.util.List;

import dev.ordersonaxon.query.infrastructure.InvalidRequestException.FieldProblem;

/** The paging rules every list endpoint shares: page from 0, size between 1 and 100. */
public final class Paging {

	public static final int MAX_SIZE = 100;

	private Paging() {
	}

	public static void validate(int page, int size, List<FieldProblem> errors) {
		if (page < 0) {
			errors.add(new FieldProblem("page", "must be 0 or greater"));
		}
		if (size < 1 || size > MAX_SIZE) {
			errors.add(new FieldProblem("size", "must be between 1 and " + MAX_SIZE));
		}
	}

	public static void validate(int page, int size) {
		List<FieldProblem> errors = new ArrayList<>();
		validate(page, size, errors);
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(errors);
		}
	}

}
