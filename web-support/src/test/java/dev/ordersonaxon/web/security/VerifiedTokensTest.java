package dev.ordersonaxon.web.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedTokensTest {

	private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

	private static final Duration SKEW = Duration.ofSeconds(30);

	private final MutableClock clock = new MutableClock(NOW);

	/** What the wrapped decoder was asked, in order: it accepts tokens named "good-…". */
	private final List<String> verified = new ArrayList<>();

	private final JwtDecoder decoder = (token) -> {
		this.verified.add(token);
		if (!token.startsWith("good")) {
			throw new BadJwtException("bad signature");
		}
		return Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.subject("ann")
			.issuedAt(NOW.minusSeconds(10))
			.expiresAt(NOW.plusSeconds(300))
			.build();
	};

	private final VerifiedTokens tokens = new VerifiedTokens(this.decoder, SKEW, Duration.ofSeconds(60), 3, this.clock);

	@Test
	void aTokenVerifiedOnceIsTakenFromMemoryUntilItIsDueAgain() {
		Jwt first = this.tokens.decode("good-1");
		this.clock.advance(Duration.ofSeconds(59));
		assertThat(this.tokens.decode("good-1")).isSameAs(first);
		assertThat(this.verified).containsExactly("good-1");

		this.clock.advance(Duration.ofSeconds(1));
		this.tokens.decode("good-1");
		assertThat(this.verified).containsExactly("good-1", "good-1");
	}

	@Test
	void aRefusedTokenIsNeverRemembered() {
		assertThatThrownBy(() -> this.tokens.decode("forged")).isInstanceOf(BadJwtException.class);
		assertThatThrownBy(() -> this.tokens.decode("forged")).isInstanceOf(BadJwtException.class);
		assertThat(this.verified).containsExactly("forged", "forged");
		assertThat(this.tokens.size()).isZero();
	}

	@Test
	void aRememberedTokenPastItsExpiryGoesBackToTheDecoder() {
		VerifiedTokens longMemory = new VerifiedTokens(this.decoder, SKEW, Duration.ofHours(1), 3, this.clock);
		longMemory.decode("good-1");
		// expires at NOW + 300 s, accepted for the clock skew after that
		this.clock.advance(Duration.ofSeconds(300 + 30));
		longMemory.decode("good-1");
		assertThat(this.verified).as("still within the skew").containsExactly("good-1");

		this.clock.advance(Duration.ofSeconds(1));
		// this decoder accepts anything named good: a real one refuses the expired token
		longMemory.decode("good-1");
		assertThat(this.verified).containsExactly("good-1", "good-1");
	}

	@Test
	void atCapacityItForgetsRatherThanGrows() {
		this.tokens.decode("good-1");
		this.tokens.decode("good-2");
		this.tokens.decode("good-3");
		assertThat(this.tokens.size()).isEqualTo(3);

		this.tokens.decode("good-4");
		assertThat(this.tokens.size()).isLessThanOrEqualTo(3);
		this.tokens.decode("good-4");
		assertThat(this.verified).containsExactly("good-1", "good-2", "good-3", "good-4");
	}

	private static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
