package dev.ordersonaxon.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metadata every event carries about its cause: who caused it, and which messages led
 * to it. {@code GET /api/orders/{id}/events} shows these keys.
 */
public final class AuditMetadata {

	/** Who caused the event: the subject of the bearer token of the request behind it. */
	public static final String PRINCIPAL = "principal";

	/** The id of the message that caused the event (Axon's correlation id). */
	public static final String CORRELATION_ID = "correlationId";

	/**
	 * The id of the first message of the chain, the request's command (Axon's trace id).
	 */
	public static final String TRACE_ID = "traceId";

	/** Every audit key, in the order they are shown. */
	public static final List<String> KEYS = List.of(PRINCIPAL, CORRELATION_ID, TRACE_ID);

	private AuditMetadata() {
	}

	/**
	 * The audit keys of a message's metadata (or a unit of work's correlation data) that
	 * hold text, in the order of {@link #KEYS}; the rest is internal.
	 */
	public static Map<String, String> of(Map<String, ?> metadata) {
		Map<String, String> audit = new LinkedHashMap<>();
		for (String key : KEYS) {
			if (metadata.get(key) instanceof String value) {
				audit.put(key, value);
			}
		}
		return audit;
	}

}
