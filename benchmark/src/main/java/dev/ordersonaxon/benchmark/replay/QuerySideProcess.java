package dev.ordersonaxon.benchmark.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.ordersonaxon.benchmark.Database;
import dev.ordersonaxon.benchmark.HttpJson;

/**
 * A query side the tool starts on the replay database, so that the replay benchmark needs
 * nothing else running; its output goes to a log file next to the results. It inherits
 * the tool's environment, and with it how to verify tokens
 * ({@code SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_*}; {@code benchmark/run.sh} names
 * the local key it signs the tool's token with): without that it does not start.
 */
final class QuerySideProcess implements AutoCloseable {

	/**
	 * The query side's heap when nothing else is asked for: what {@code ./run.sh} gives
	 * it ({@code -Xmx256m}). Without a limit the JVM sizes its heap from the machine, and
	 * a replay grew it to several GB resident.
	 */
	static final String DEFAULT_HEAP = "256m";

	/**
	 * The query side's other JVM options when none are asked for: the collector and the
	 * native-heap trimming {@code ./run.sh} gives it, the trimming only where the JVM
	 * takes the option (a product option in recent 17 and 21 updates; earlier ones lack
	 * it or keep it behind {@code -XX:+UnlockExperimentalVMOptions}). Options asked for
	 * replace these: two collectors named would stop the JVM.
	 */
	static String defaultJavaOptions() {
		String collector = "-XX:+UseParallelGC";
		String trimming = "-XX:TrimNativeHeapInterval=1000";
		return jvmAccepts(trimming) ? collector + " " + trimming : collector;
	}

	/** Whether the JVM the query side runs on starts with the option. */
	static boolean jvmAccepts(String option) {
		try {
			Process java = new ProcessBuilder(javaBinary(), option, "-version").redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			return java.waitFor() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** What the environment variables that say how to verify tokens begin with. */
	static final String VERIFIER = "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_";

	private final Process process;

	private final double startSeconds;

	private QuerySideProcess(Process process, double startSeconds) {
		this.process = process;
		this.startSeconds = startSeconds;
	}

	/**
	 * The JVM options: the heap limit first, so that an {@code -Xmx} among the other
	 * options, which comes later, wins.
	 */
	static List<String> jvmOptions(String heap, String javaOptions) {
		List<String> options = new ArrayList<>();
		if (!heap.isBlank()) {
			options.add("-Xmx" + heap.trim());
		}
		if (!javaOptions.isBlank()) {
			options.addAll(List.of(javaOptions.trim().split("\\s+")));
		}
		return options;
	}

	static QuerySideProcess start(Path jar, List<String> javaOptions, Database database, int port, Path log,
			HttpJson http) throws IOException {
		Files.createDirectories(log.getParent());
		List<String> command = new ArrayList<>();
		command.add(javaBinary());
		command.addAll(javaOptions);
		command.addAll(List.of("-jar", jar.toString()));
		// a ProcessBuilder starts from this process's environment: the verifier is kept
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().put("DATABASE_URL", database.url());
		builder.environment().put("DATABASE_USER", database.user());
		builder.environment().put("DATABASE_PASSWORD", database.password());
		builder.environment().put("PORT", String.valueOf(port));
		builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
		long started = System.nanoTime();
		Process process = builder.start();
		long giveUp = started + Duration.ofMinutes(2).toNanos();
		String health = "http://localhost:" + port + "/actuator/health";
		while (true) {
			if (!process.isAlive()) {
				throw new IllegalStateException("the query side exited with " + process.exitValue() + "; see " + log
						+ (verifierConfigured(builder.environment()) ? ""
								: " (no " + VERIFIER + "* is set, so it cannot verify tokens: benchmark/run.sh sets "
										+ VERIFIER + "PUBLIC_KEY_LOCATION when it mints the token)"));
			}
			try {
				if (http.get(health).isSuccess()) {
					return new QuerySideProcess(process, (System.nanoTime() - started) / 1e9);
				}
			}
			catch (RuntimeException ex) {
				// not listening yet
			}
			if (System.nanoTime() > giveUp) {
				process.destroyForcibly();
				throw new IllegalStateException("the query side did not become healthy in 2 minutes; see " + log);
			}
			LockSupport.parkNanos(50_000_000L);
		}
	}

	static boolean verifierConfigured(Map<String, String> environment) {
		return environment.entrySet()
			.stream()
			.anyMatch((variable) -> variable.getKey().startsWith(VERIFIER) && !variable.getValue().isBlank());
	}

	double startSeconds() {
		return this.startSeconds;
	}

	/** Peak resident set size in MB from /proc, or 0 where there is none. */
	double peakRssMb() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(this.process.pid()), "status"))) {
				if (line.startsWith("VmHWM:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux, or gone
		}
		return 0;
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

	private static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
