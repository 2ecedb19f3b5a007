package dev.ordersonaxon.api;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rule every name (a customer's, a product's) follows: something a person types on
 * one line, that every store and reader downstream can hold. PostgreSQL text cannot hold
 * U+0000 at all (a customer named with one stopped the customers view for good), other
 * control characters break logs, CSV exports and terminals, and an unpaired surrogate has
 * no UTF-8 encoding, so it is silently replaced or refused wherever the name is written
 * next. The REST edge checks this rule before dispatching and the aggregates check it
 * again, so no path stores such a name.
 */
public final class Names {

	/** Longest name, in UTF-16 units; the views' name columns are varchar(200). */
	public static final int MAX_LENGTH = 200;

	/**
	 * A name without C0 or C1 control characters (U+0000–U+001F, U+007F–U+009F, tab and
	 * line breaks included) and without unpaired surrogates. Usable as Bean Validation's
	 * {@code @Pattern}, which matches the whole value.
	 */
	public static final String PATTERN = "[^\\p{Cc}\\p{Cs}]*";

	/** What is wrong with a name that does not match {@link #PATTERN}. */
	public static final String PATTERN_MESSAGE = "must not contain control characters or unpaired surrogates";

	private static final Pattern VALID = Pattern.compile(PATTERN);

	private Names() {
	}

	/**
	 * What is wrong with {@code name}, as a phrase to follow the field's name, or empty
	 * when it is a valid name.
	 */
	public static Optional<String> problem(String name) {
		if (name == null || name.isBlank()) {
			return Optional.of("must not be blank");
		}
		if (name.length() > MAX_LENGTH) {
			return Optional.of("must be at most " + MAX_LENGTH + " characters long");
		}
		if (!VALID.matcher(name).matches()) {
			return Optional.of(PATTERN_MESSAGE);
		}
		return Optional.empty();
	}

}
