package dev.ordersonaxon.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.ordersonaxon.testsupport.TestTokens;

import static org.awaitility.Awaitility.await;

/**
 * One packaged application started with {@code java -jar}, as an operator would run it.
 * It verifies bearer tokens with this JVM's test key (see {@link TestTokens}), whatever
 * verifier the environment the tests run in may name.
 */
final class AppProcess implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/** Where Spring Boot is told how to verify tokens, as environment variables. */
	private static final String VERIFIER_VARIABLES = "SPRING_SECURITY_OAUTH2_RESOURCESERVER_";

	private final String module;

	private final String name;

	private final Map<String, String> environment;

	private final int port;

	private final int generation;

	private final Process process;

	private final Path log;

	private AppProcess(String module, String name, Map<String, String> environment, int port, int generation,
			Process process, Path log) {
		this.module = module;
		this.name = name;
		this.environment = Map.copyOf(environment);
		this.port = port;
		this.generation = generation;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts {@code module}'s jar on a free port with the given environment and waits
	 * until it is ready.
	 */
	static AppProcess start(String module, String name, Map<String, String> environment) {
		return start(module, name, environment, freePort(), 0);
	}

	private static AppProcess start(String module, String name, Map<String, String> environment, int port,
			int generation) {
		Path log = Path.of("target", "e2e-logs", name + ((generation == 0) ? "" : ".restart-" + generation) + ".log");
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add("-Xmx384m");
		command.add("-jar");
		command.add(jarOf(module).toString());
		try {
			Files.createDirectories(log.getParent());
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
			// a verifier of the developer's shell (./run.sh's key, an identity provider)
			// would refuse the tests' tokens
			builder.environment().keySet().removeIf((variable) -> variable.startsWith(VERIFIER_VARIABLES));
			builder.environment().putAll(TestTokens.verifierEnvironment());
			builder.environment().putAll(environment);
			builder.environment().put("PORT", Integer.toString(port));
			builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
			AppProcess app = new AppProcess(module, name, environment, port, generation, builder.start(), log);
			try {
				app.awaitReady();
			}
			catch (RuntimeException ex) {
				// nobody else holds it yet: a process that never became ready would
				// outlive the test run
				app.kill();
				throw ex;
			}
			return app;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start " + name, ex);
		}
	}

	String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	String name() {
		return this.name;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	long pid() {
		return this.process.pid();
	}

	/** Kills the process with SIGKILL, as a crash or the OOM killer would. */
	void kill() {
		this.process.destroyForcibly();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException(this.name + " survived SIGKILL for 30 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Starts the same application again, on the same port and with the same environment,
	 * once this process has ended; waits until it is ready.
	 */
	AppProcess restart() {
		if (this.process.isAlive()) {
			throw new IllegalStateException(this.name + " is still running");
		}
		return start(this.module, this.name, this.environment, this.port, this.generation + 1);
	}

	/** Stops the process as an orchestrator would (SIGTERM, then a grace period). */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void awaitReady() {
		await().alias(this.name + " ready (log: " + this.log.toAbsolutePath() + ")")
			.atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException(this.name + " exited with " + this.process.exitValue()
							+ " during start-up; see " + this.log.toAbsolutePath());
				}
				return isReady();
			});
	}

	private boolean isReady() {
		try {
			HttpResponse<Void> response = http.send(
					Http.request(url("/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build(),
					HttpResponse.BodyHandlers.discarding());
			return response.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static Path jarOf(String module) {
		Path target = Path.of("..", module, "target");
		try (Stream<Path> files = Files.list(target)) {
			return files.filter((file) -> file.getFileName().toString().matches(module + "-[^-]+(-SNAPSHOT)?\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						"no packaged jar of " + module + " in " + target.toAbsolutePath() + "; run ./mvnw verify"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
