package dev.ordersonaxon.web.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * Remembers the bearer tokens it has verified, for a short while, so that a client's
 * every request does not pay for verifying the same token again: the signature check (an
 * RSA operation), Base64 and JSON decoding took an eighth of the command side's CPU under
 * load, and most of what answering a refused placement costs.
 * <p>
 * A token is taken from memory only as the exact string that was verified, and only while
 * it is still within its lifetime (checked again on every use, with the same clock skew
 * as the decoder's check); anything else goes to the decoder, and only what it accepts is
 * remembered. A remembered token stays accepted for at most {@code keep} after it was
 * verified, which bounds how long a key taken out of the issuer's key set goes on being
 * honoured for tokens already seen. At most {@code capacity} tokens are remembered; past
 * that, expired ones are dropped, and if that is not enough, all of them.
 */
final class VerifiedTokens implements JwtDecoder {

	private final JwtDecoder decoder;

	private final JwtTimestampValidator lifetime;

	private final Duration keep;

	private final int capacity;

	private final Clock clock;

	private final Map<String, Verified> verified = new ConcurrentHashMap<>();

	VerifiedTokens(JwtDecoder decoder, Duration clockSkew, Duration keep, int capacity, Clock clock) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
		}
		this.decoder = decoder;
		this.lifetime = new JwtTimestampValidator(clockSkew);
		this.lifetime.setClock(clock);
		this.keep = keep;
		this.capacity = capacity;
		this.clock = clock;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Instant now = this.clock.instant();
		Verified known = this.verified.get(token);
		if (known != null) {
			if (now.isBefore(known.until()) && !this.lifetime.validate(known.jwt()).hasErrors()) {
				return known.jwt();
			}
			// expired: the decoder says so, in its own words
			this.verified.remove(token, known);
		}
		Jwt jwt = this.decoder.decode(token);
		remember(token, new Verified(jwt, now.plus(this.keep)), now);
		return jwt;
	}

	/** How many tokens are remembered now. */
	int size() {
		return this.verified.size();
	}

	private void remember(String token, Verified verified, Instant now) {
		if (this.verified.size() >= this.capacity) {
			this.verified.values()
				.removeIf((entry) -> !now.isBefore(entry.until()) || this.lifetime.validate(entry.jwt()).hasErrors());
			if (this.verified.size() >= this.capacity) {
				this.verified.clear();
			}
		}
		this.verified.put(token, verified);
	}

	private record Verified(Jwt jwt, Instant until) {

	}

}
