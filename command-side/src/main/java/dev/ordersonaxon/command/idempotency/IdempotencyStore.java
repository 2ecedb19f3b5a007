package dev.ordersonaxon.command.idempotency;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The stored answers, in table {@code idempotency_key} of the event store's schema. Every
 * method but {@link #sweep} is called inside a command's transaction.
 */
class IdempotencyStore {

	private final JdbcTemplate jdbc;

	private final boolean postgres;

	/**
	 * @param postgres whether the database is PostgreSQL, where a key in flight is told
	 * apart with an advisory lock; elsewhere a second request waits for the first
	 */
	IdempotencyStore(JdbcTemplate jdbc, boolean postgres) {
		this.jdbc = jdbc;
		this.postgres = postgres;
	}

	/**
	 * Takes the key for the current transaction, unless another transaction holds it: a
	 * request with the same key is in flight then. Released when the transaction ends,
	 * also when its node dies (the connection closes).
	 */
	boolean tryLock(String key) {
		if (!this.postgres) {
			return true;
		}
		return Boolean.TRUE.equals(this.jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0))",
				Boolean.class, key));
	}

	/**
	 * The answer stored under the key, with the fingerprint it was stored for and when it
	 * expires, if any (also when it has expired and not been swept yet).
	 */
	Optional<Stored> find(String key) {
		List<Stored> found = this.jdbc.query(
				"SELECT fingerprint, answer_status, answer_body, expires_at FROM idempotency_key "
						+ "WHERE idempotency_key = ?",
				(row, index) -> new Stored(row.getString(1).trim(),
						new IdempotentAnswer(row.getInt(2), row.getString(3)), row.getTimestamp(4).toInstant()),
				key);
		return found.stream().findFirst();
	}

	/**
	 * Stores the request's answer; {@code replacing} an expired one under the same key.
	 */
	void remember(IdempotentRequest request, Instant now, Instant expiresAt, boolean replacing) {
		if (replacing) {
			this.jdbc.update("DELETE FROM idempotency_key WHERE idempotency_key = ?", request.key());
		}
		this.jdbc.update(
				"INSERT INTO idempotency_key (idempotency_key, fingerprint, answer_status, answer_body, created_at, "
						+ "expires_at) VALUES (?, ?, ?, ?, ?, ?)",
				request.key(), request.fingerprint(), request.answer().status(), request.answer().body(),
				Timestamp.from(now), Timestamp.from(expiresAt));
	}

	/**
	 * Deletes up to {@code limit} answers that expired before {@code now}.
	 * @return how many were deleted
	 */
	int sweep(Instant now, int limit) {
		return this.jdbc.update(
				"DELETE FROM idempotency_key WHERE idempotency_key IN (SELECT idempotency_key "
						+ "FROM idempotency_key WHERE expires_at <= ? ORDER BY expires_at LIMIT ?)",
				Timestamp.from(now), limit);
	}

	/**
	 * An answer with the fingerprint of the request it answered, and until when it
	 * counts.
	 */
	record Stored(String fingerprint, IdempotentAnswer answer, Instant expiresAt) {

		boolean hasExpiredBy(Instant now) {
			return !this.expiresAt.isAfter(now);
		}

	}

}
