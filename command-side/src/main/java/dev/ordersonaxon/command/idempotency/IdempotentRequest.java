package dev.ordersonaxon.command.idempotency;

import java.util.Map;
import java.util.Optional;

import org.axonframework.messaging.MetaData;

/**
 * A request that carried an {@code Idempotency-Key}, as it travels with its command in
 * the command's metadata: the key, the request's fingerprint and the answer it gets if
 * the command succeeds.
 *
 * @param key the client's key
 * @param fingerprint a hash of the request's method, path and body
 * @param answer the answer to store with the command's events
 */
public record IdempotentRequest(String key, String fingerprint, IdempotentAnswer answer) {

	static final String KEY = "idempotencyKey";

	static final String FINGERPRINT = "idempotencyFingerprint";

	static final String STATUS = "idempotencyAnswerStatus";

	static final String BODY = "idempotencyAnswerBody";

	/** The command metadata that carries this request. */
	public MetaData toMetaData() {
		MetaData metaData = MetaData.with(KEY, this.key)
			.and(FINGERPRINT, this.fingerprint)
			.and(STATUS, this.answer.status());
		return (this.answer.body() != null) ? metaData.and(BODY, this.answer.body()) : metaData;
	}

	/** The request a command's metadata carries, if it carries one. */
	static Optional<IdempotentRequest> from(Map<String, ?> metaData) {
		if (!(metaData.get(KEY) instanceof String key) || !(metaData.get(FINGERPRINT) instanceof String fingerprint)
				|| !(metaData.get(STATUS) instanceof Number status)) {
			return Optional.empty();
		}
		String body = (metaData.get(BODY) instanceof String text) ? text : null;
		return Optional.of(new IdempotentRequest(key, fingerprint, new IdempotentAnswer(status.intValue(), body)));
	}

}
