package dev.ordersonaxon.query.infrastructure;

import java.util.function.Function;

/**
 * Reads ids from paths: a malformed id can name nothing, so it is a 404 like any other.
 */
public final class Ids {

	private Ids() {
	}

	public static <T> T parse(String value, Function<String, T> factory, String what) {
		try {
			return factory.apply(value);
		}
		catch (IllegalArgumentException ex) {
			throw new NotFoundException("No " + what + " with id '" + value + "'");
		}
	}

}
