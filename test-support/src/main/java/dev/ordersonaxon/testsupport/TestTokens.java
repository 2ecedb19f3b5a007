package dev.ordersonaxon.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Bearer tokens for tests, signed by a key pair made for this JVM: the applications under
 * test verify them with its public key, as a production deployment verifies its identity
 * provider's. Nothing here is a secret: the key lives as long as the test run.
 */
public final class TestTokens {

	/** The audience the applications accept by default. */
	public static final String AUDIENCE = "orders-on-axon";

	private static final KeyPair KEYS = newKeyPair();

	private static final Path PUBLIC_KEY = writePem("PUBLIC KEY", KEYS.getPublic().getEncoded());

	private TestTokens() {
	}

	/** Makes an application under test verify tokens with this JVM's key. */
	public static void registerVerifier(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", TestTokens::publicKeyLocation);
	}

	/** The same as {@link #registerVerifier}, for an application started as a process. */
	public static Map<String, String> verifierEnvironment() {
		return Map.of("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLIC_KEY_LOCATION", publicKeyLocation());
	}

	/** Where the public key is, as a Spring resource location. */
	public static String publicKeyLocation() {
		return PUBLIC_KEY.toUri().toString();
	}

	/** The private key in a PKCS#8 PEM file, for tools that sign tokens themselves. */
	public static Path privateKeyFile() {
		return writePem("PRIVATE KEY", KEYS.getPrivate().getEncoded());
	}

	/** An {@code Authorization} header value for a token with these roles. */
	public static String bearer(String... roles) {
		return "Bearer " + withRoles(roles).sign();
	}

	/**
	 * An {@code Authorization} header value for a token with every role but customer: for
	 * tests about something else than who may do what.
	 */
	public static String operator() {
		return bearer("viewer", "clerk", "manager", "admin");
	}

	/** A token with these roles, valid for an hour, to change or sign. */
	public static Token withRoles(String... roles) {
		Instant now = Instant.now();
		return new Token("test-user", List.of(roles), null, AUDIENCE, now, now.plus(Duration.ofHours(1)),
				(RSAPrivateKey) KEYS.getPrivate());
	}

	/**
	 * A token's claims and the key that signs it.
	 *
	 * @param subject who the token names
	 * @param roles its roles claim
	 * @param customerId its customer id claim, or {@code null} for none
	 * @param audience its audience
	 * @param issuedAt when it was issued
	 * @param expiresAt when it expires
	 * @param key what signs it
	 */
	public record Token(String subject, List<String> roles, String customerId, String audience, Instant issuedAt,
			Instant expiresAt, RSAPrivateKey key) {

		public Token subject(String subject) {
			return new Token(subject, this.roles, this.customerId, this.audience, this.issuedAt, this.expiresAt,
					this.key);
		}

		public Token customerId(String customerId) {
			return new Token(this.subject, this.roles, customerId, this.audience, this.issuedAt, this.expiresAt,
					this.key);
		}

		public Token audience(String audience) {
			return new Token(this.subject, this.roles, this.customerId, audience, this.issuedAt, this.expiresAt,
					this.key);
		}

		public Token expiresAt(Instant expiresAt) {
			return new Token(this.subject, this.roles, this.customerId, this.audience, this.issuedAt, expiresAt,
					this.key);
		}

		/** The same claims, signed by a key no application trusts. */
		public Token signedByStranger() {
			return new Token(this.subject, this.roles, this.customerId, this.audience, this.issuedAt, this.expiresAt,
					(RSAPrivateKey) newKeyPair().getPrivate());
		}

		/** The compact form, signed with RS256. */
		public String sign() {
			try {
				SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims());
				jwt.sign(new RSASSASigner(this.key));
				return jwt.serialize();
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/** The compact form with {@code alg: none}, which must never be accepted. */
		public String unsigned() {
			return new PlainJWT(new PlainHeader(), claims()).serialize();
		}

		private JWTClaimsSet claims() {
			JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer("orders-on-axon-tests")
				.subject(this.subject)
				.audience(this.audience)
				.issueTime(Date.from(this.issuedAt))
				.expirationTime(Date.from(this.expiresAt))
				.claim("roles", this.roles);
			if (this.customerId != null) {
				claims.claim("customer_id", this.customerId);
			}
			return claims.build();
		}

	}

	private static KeyPair newKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path writePem(String type, byte[] der) {
		String pem = "-----BEGIN " + type + "-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
		try {
			Path file = Files.createTempFile("orders-test-key-", ".pem");
			file.toFile().deleteOnExit();
			return Files.writeString(file, pem, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
