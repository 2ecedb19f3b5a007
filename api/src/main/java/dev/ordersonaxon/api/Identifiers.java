package dev.ordersonaxon.api;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The one rule every identifier follows, whether a client chose it or the server made it:
 * up to 64 letters, digits, dots, underscores and hyphens, but not {@code .} or
 * {@code ..}, which every URL normalizer reads as a path step, so a thing with such an id
 * could not be addressed.
 */
public final class Identifiers {

	public static final String PATTERN = "(?!\\.{1,2}$)[A-Za-z0-9._-]{1,64}";

	private static final Pattern VALID = Pattern.compile(PATTERN);

	private Identifiers() {
	}

	public static String requireValid(String value) {
		Objects.requireNonNull(value, "identifier");
		if (!VALID.matcher(value).matches()) {
			throw new IllegalArgumentException("identifier must match " + PATTERN + ": '" + value + "'");
		}
		return value;
	}

	public static String generate() {
		return UUID.randomUUID().toString();
	}

}
