package dev.ordersonaxon.api;

import java.util.Optional;

/**
 * The problem types (RFC 9457) both applications answer with: one vocabulary, so that a
 * client handles a refusal the same way whichever side gave it. Each type has one status
 * and one title; the {@code detail} says what happened to this request. An
 * {@link #INVALID_INPUT} problem always carries {@code errors}, a list of {@code {field,
 * message}} (empty when the refusal is about the request as a whole).
 * <p>
 * The types are relative URIs: they name the kind of problem, and the README documents
 * each.
 */
public enum ProblemType {

	/** Malformed JSON, a value of the wrong type or out of bounds, a bad parameter. */
	INVALID_INPUT(400, "invalid-input", "Invalid input"),

	/**
	 * No bearer token, or one that is not valid here (expired, badly signed, meant for
	 * another service).
	 */
	UNAUTHORIZED(401, "unauthorized", "Authentication required"),

	/** The token is valid, but its roles do not allow this request. */
	FORBIDDEN(403, "forbidden", "Forbidden"),

	/** The id or path names nothing. */
	NOT_FOUND(404, "not-found", "Not found"),

	/** The path exists, but not for this HTTP method. */
	METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),

	/** None of the media types the request accepts can be produced. */
	NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),

	/** Something exists under this id already. */
	DUPLICATE_ID(409, "duplicate-id", "Duplicate id"),

	/** The target's current state does not allow the request. */
	ILLEGAL_STATE(409, "illegal-state", "Not allowed now"),

	/**
	 * A request with the same {@code Idempotency-Key} is being handled; repeat this one
	 * shortly to get its answer.
	 */
	IDEMPOTENCY_KEY_IN_FLIGHT(409, "idempotency-key-in-flight", "Request with this key in flight"),

	/** The {@code Idempotency-Key} was used before for a different request. */
	IDEMPOTENCY_KEY_REUSED(422, "idempotency-key-reused", "Idempotency key reused"),

	/** The request body is larger than the server reads. */
	BODY_TOO_LARGE(413, "body-too-large", "Request body too large"),

	/** The request body is not in a media type the endpoint reads. */
	UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),

	/**
	 * The client, or all clients together, hold as many live-update streams as allowed.
	 */
	TOO_MANY_STREAMS(429, "too-many-streams", "Too many streams"),

	/** A fault of the server; the detail never says more than that it is logged. */
	INTERNAL_ERROR(500, "internal-error", "Internal error"),

	/**
	 * The database could not be reached, or refused for now; the request may be repeated
	 * (with its Idempotency-Key, where it changes something).
	 */
	UNAVAILABLE(503, "unavailable", "Service unavailable"),

	/** The command kept losing races on its aggregate; nothing changed. */
	CONTENTION(503, "contention", "Too much contention"),

	/** The command did not complete in time; it may still complete. */
	TIMEOUT(503, "timeout", "Command timed out"),

	/**
	 * New orders arrive faster than they are processed: this one was refused before
	 * anything was stored; place it again after {@code Retry-After}.
	 */
	OVERLOADED(503, "overloaded", "Too busy for new orders");

	private final int status;

	private final String type;

	private final String title;

	ProblemType(int status, String slug, String title) {
		this.status = status;
		this.type = "/problems/" + slug;
		this.title = title;
	}

	public int status() {
		return this.status;
	}

	/**
	 * The problem's {@code type} member, a relative URI such as
	 * {@code /problems/not-found}.
	 */
	public String type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

	/**
	 * The type of an error the web framework answered by status alone (an unknown path, a
	 * wrong method or media type, a missing parameter), or empty for a status that has no
	 * type of its own here; such a problem keeps {@code about:blank}, which RFC 9457
	 * reads as "the status says it all".
	 */
	public static Optional<ProblemType> forStatus(int status) {
		return Optional.ofNullable(switch (status) {
			case 400 -> INVALID_INPUT;
			case 401 -> UNAUTHORIZED;
			case 403 -> FORBIDDEN;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 406 -> NOT_ACCEPTABLE;
			case 413 -> BODY_TOO_LARGE;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			case 500 -> INTERNAL_ERROR;
			default -> null;
		});
	}

}
