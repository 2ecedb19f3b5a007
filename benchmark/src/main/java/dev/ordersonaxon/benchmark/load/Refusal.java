package dev.ordersonaxon.benchmark.load;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersonaxon.benchmark.HttpJson.Response;
import dev.ordersonaxon.benchmark.Json;

/**
 * A placement answered 503: the command side did not take the order. What the answer
 * carried is kept, so that a run can check that every refusal keeps the contract: a
 * problem ({@code application/problem+json}) and a {@code Retry-After} in seconds.
 *
 * @param problemType the problem's {@code type} as given, or null when the body has none
 * @param retryAfterSeconds the {@code Retry-After} header, or -1 when it is missing or
 * not a number of seconds
 * @param problemJson whether the body was declared {@code application/problem+json}
 */
record Refusal(String problemType, long retryAfterSeconds, boolean problemJson) {

	static final int STATUS = 503;

	/**
	 * The admission control's problem: it refuses before anything is stored, so the order
	 * must not exist afterwards.
	 */
	static final String OVERLOADED = "/problems/overloaded";

	/** How a refusal without a problem type is counted. */
	static final String NO_TYPE = "no problem type";

	private static final Pattern SECONDS = Pattern.compile("\\d{1,9}");

	private static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);

	static boolean isRefusal(Response response) {
		return response.status() == STATUS;
	}

	static Refusal of(Response response) {
		String retryAfter = response.header("Retry-After").orElse("").trim();
		boolean problemJson = response.header("Content-Type")
			.map((type) -> type.toLowerCase(Locale.ROOT).startsWith("application/problem+json"))
			.orElse(false);
		return new Refusal(typeOf(response.body()),
				SECONDS.matcher(retryAfter).matches() ? Long.parseLong(retryAfter) : -1, problemJson);
	}

	private static String typeOf(String body) {
		try {
			JsonNode type = (body != null) ? Json.MAPPER.readTree(body).path("type") : null;
			return (type != null && type.isTextual() && !type.asText().isBlank()) ? type.asText() : null;
		}
		catch (JsonProcessingException ex) {
			return null;
		}
	}

	boolean hasRetryAfter() {
		return this.retryAfterSeconds >= 0;
	}

	/**
	 * Whether the answer says the order was not stored. Other 503s (the database away, a
	 * command timed out) say it may have been, so they are counted but not checked.
	 */
	boolean promisesNothingStored() {
		return this.problemType != null && this.problemType.endsWith(OVERLOADED);
	}

	/** The last segment of the problem type, such as {@code overloaded}. */
	String typeName() {
		if (this.problemType == null) {
			return NO_TYPE;
		}
		String trimmed = this.problemType.endsWith("/") ? this.problemType.substring(0, this.problemType.length() - 1)
				: this.problemType;
		return trimmed.substring(trimmed.lastIndexOf('/') + 1);
	}

	/** How long a client that honours the answer waits before its next order. */
	Duration backoff() {
		return hasRetryAfter() ? Duration.ofSeconds(this.retryAfterSeconds) : DEFAULT_BACKOFF;
	}

}
