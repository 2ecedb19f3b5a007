package dev.ordersonaxon.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.ordersonaxon.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./run.sh token}, which signs tokens for a system that {@code ./run.sh} started:
 * what it prints must verify with the public half of its key, as the applications verify
 * it, and hold what was asked for; a role it cannot put into a token as one word it
 * refuses. It signs with this JVM's test key here, through
 * {@code ORDERS_LOCAL_SIGNING_KEY}, so that the key of a developer's {@code .run/} is
 * neither used nor made.
 */
class LocalTokenScriptTest {

	private static final Duration LIFETIME = Duration.ofHours(1);

	@TempDir
	static Path keys;

	static Path signingKey;

	@BeforeAll
	static void copyTheTestKey() throws IOException {
		signingKey = Files.copy(TestTokens.privateKeyFile(), keys.resolve("signing-key.pem"));
	}

	@Test
	void printsATokenForTheRolesAndSubjectAskedForValidForAnHour() throws Exception {
		Instant before = Instant.now();
		Script script = token("--role", "viewer", "--subject", "alice");
		Instant after = Instant.now();

		Jwt jwt = verified(script);
		assertThat(jwt.getSubject()).isEqualTo("alice");
		assertThat(jwt.getClaimAsStringList("roles")).containsExactly("viewer");
		assertThat(jwt.getAudience()).containsExactly(TestTokens.AUDIENCE);
		// the script counts whole seconds
		assertThat(jwt.getExpiresAt()).isBetween(before.plus(LIFETIME).minusSeconds(1),
				after.plus(LIFETIME).plusSeconds(1));
		assertThat(jwt.getClaims()).doesNotContainKey("customer_id");
	}

	@Test
	void aTokenForACustomerAddsTheCustomerRoleAndNamesTheCustomer() throws Exception {
		Jwt jwt = verified(token("--role", "viewer", "--customer", "c-1"));

		assertThat(jwt.getClaimAsStringList("roles")).containsExactly("viewer", "customer");
		assertThat(jwt.getClaimAsString("customer_id")).isEqualTo("c-1");
		assertThat(jwt.getSubject()).isEqualTo("c-1");
	}

	@Test
	void thePublicKeyItWritesForTheApplicationsIsTheSigningKeysOwn() throws Exception {
		verified(token("--role", "admin"));

		assertThat(publicKey(keys.resolve("signing-key.pub.pem"))).isEqualTo(testPublicKey());
	}

	@ParameterizedTest
	@ValueSource(strings = { "a b", "x\"y", "*", "viewer,a b" })
	void refusesARoleThatIsNotOneWord(String role) throws Exception {
		Script script = token("--role", role);

		assertThat(script.exitCode())
			.as("exit code of --role '%s', which printed a token of %s", role, claims(script.output()))
			.isNotZero();
		assertThat(script.output()).as("printed for --role '%s'", role).isBlank();
	}

	private static Jwt verified(Script script) throws GeneralSecurityException, IOException {
		assertThat(script.exitCode()).as("exit code; stderr: %s", script.errors()).isZero();
		return NimbusJwtDecoder.withPublicKey(testPublicKey()).build().decode(script.output().trim());
	}

	/** What a compact token claims, unverified, or the text itself when it is none. */
	private static String claims(String token) {
		String[] parts = token.trim().split("\\.");
		return (parts.length == 3) ? new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
				: token;
	}

	/** Runs {@code bash run.sh token} with these options in the repository's root. */
	private static Script token(String... options) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("bash", "run.sh", "token"));
		command.addAll(List.of(options));
		ProcessBuilder builder = new ProcessBuilder(command).directory(repositoryRoot().toFile());
		builder.environment().put("ORDERS_LOCAL_SIGNING_KEY", signingKey.toString());
		builder.environment().remove("ORDERS_SECURITY_AUDIENCE");
		Path errors = Files.createTempFile(keys, "stderr-", ".txt");
		Process process = builder.redirectError(errors.toFile()).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("run.sh token did not end within 30 s");
		}
		return new Script(process.exitValue(), output, Files.readString(errors));
	}

	/** The nearest directory from here upwards that holds run.sh. */
	private static Path repositoryRoot() {
		for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
			if (Files.isRegularFile(directory.resolve("run.sh"))) {
				return directory;
			}
		}
		throw new IllegalStateException("no run.sh in " + Path.of("").toAbsolutePath() + " or above");
	}

	private static RSAPublicKey testPublicKey() throws GeneralSecurityException, IOException {
		return publicKey(Path.of(URI.create(TestTokens.publicKeyLocation())));
	}

	private static RSAPublicKey publicKey(Path pem) throws GeneralSecurityException, IOException {
		String base64 = Files.readString(pem, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----|\\s", "");
		return (RSAPublicKey) KeyFactory.getInstance("RSA")
			.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
	}

	/** What the script did: its exit code, what it printed, and what it complained. */
	private record Script(int exitCode, String output, String errors) {

	}

}
