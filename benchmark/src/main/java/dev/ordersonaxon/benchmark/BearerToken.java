package dev.ordersonaxon.benchmark;

import java.util.Map;

/**
 * The bearer token every request to the applications carries: they refuse anything but
 * their health probes without one. It comes from {@code --token}, else from the
 * environment's {@value #ENVIRONMENT}; {@code benchmark/run.sh} mints one with
 * {@code ./run.sh token} when neither is given. Never printed nor recorded in a result
 * file.
 *
 * @param value the token itself, without the scheme
 */
public record BearerToken(String value) {

	/** The option that gives the token. */
	public static final String OPTION = "token";

	/** The environment variable that gives the token when the option does not. */
	public static final String ENVIRONMENT = "ORDERS_TOKEN";

	/**
	 * What the token must allow: managers create customers and products, clerks place and
	 * cancel orders, viewers read the views, admins read and replay the projections.
	 */
	public static final String ROLES = "manager, clerk, viewer and admin";

	public BearerToken {
		if (value == null || value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
			throw new IllegalArgumentException("a bearer token is one word without spaces");
		}
	}

	/** The token given on the command line or in the environment, or null for none. */
	public static BearerToken from(Arguments args) {
		return from(args, System.getenv());
	}

	static BearerToken from(Arguments args, Map<String, String> environment) {
		String value = args.string(OPTION, environment.get(ENVIRONMENT));
		return (value == null || value.isBlank()) ? null : new BearerToken(value.strip());
	}

	/**
	 * The token given, or a refusal that says how to give one.
	 * @param token what {@link #from} found
	 * @param what what needs it, for the message
	 */
	public static BearerToken require(BearerToken token, String what) {
		if (token == null) {
			throw new IllegalArgumentException(what + " needs a bearer token with the roles " + ROLES + ": --" + OPTION
					+ " TOKEN or " + ENVIRONMENT + " (benchmark/run.sh mints one with ./run.sh token)");
		}
		return token;
	}

	/** The {@code Authorization} header's value. */
	public String authorization() {
		return "Bearer " + this.value;
	}

	@Override
	public String toString() {
		return "BearerToken[…]";
	}

}
