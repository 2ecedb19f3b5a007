package dev.ordersonaxon.command.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code Idempotency-Key} header of one request (the IETF httpapi draft), with what
 * identifies the request it came with: method and path. The key is a structured-field
 * string; a bare token is taken as well. At most {@value #MAX_LENGTH} visible ASCII
 * characters.
 *
 * @param value the key, without quotes; {@code null} when the request had none
 * @param method the request's method
 * @param path the request's path
 */
public record IdempotencyKey(String value, String method, String path) {

	/** The header's name. */
	public static final String HEADER = "Idempotency-Key";

	/** The longest key taken, the size of its column. */
	public static final int MAX_LENGTH = 255;

	/**
	 * Reads the header's value.
	 * @throws InvalidIdempotencyKeyException when it is empty, too long or has characters
	 * other than visible ASCII
	 */
	public static IdempotencyKey of(String header, String method, String path) {
		if (header == null) {
			return new IdempotencyKey(null, method, path);
		}
		String value = header.strip();
		if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
			value = value.substring(1, value.length() - 1);
		}
		if (value.isEmpty() || value.length() > MAX_LENGTH) {
			throw new InvalidIdempotencyKeyException("must have 1 to " + MAX_LENGTH + " characters");
		}
		if (!value.chars().allMatch((c) -> c > 0x20 && c < 0x7f && c != '"' && c != '\\')) {
			throw new InvalidIdempotencyKeyException("may only have visible ASCII characters other than \" and \\");
		}
		return new IdempotencyKey(value, method, path);
	}

	/** Whether the request had the header. */
	public boolean isPresent() {
		return this.value != null;
	}

	/**
	 * A SHA-256 of the method, the path and the request's body as the server read it:
	 * what tells a repeat from another request under the same key.
	 */
	public String fingerprint(byte[] body) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update((this.method + ' ' + this.path + '\n').getBytes(StandardCharsets.UTF_8));
			digest.update(body);
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	/** The header has a value that cannot be a key (400). */
	public static class InvalidIdempotencyKeyException extends RuntimeException {

		public InvalidIdempotencyKeyException(String message) {
			super(message);
		}

	}

}
