package dev.ordersonaxon.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the tests' own, made with the distribution's {@code initdb} in
 * a temporary directory and served on a free port, so that it can be restarted and have
 * its connections killed without disturbing anything else on the machine. PostgreSQL
 * refuses to run as root; as root the cluster belongs to, and runs as, the
 * {@code postgres} OS user. The binaries are the newest under
 * {@code /usr/lib/postgresql}, or those in {@code -Dfaults.postgres.bin}.
 */
final class PostgresCluster implements AutoCloseable {

	private static final String SUPERUSER = "postgres";

	private final Path binaries;

	private final Path directory;

	private final int port;

	private final List<String> runAs;

	private final Thread stopOnExit;

	private boolean running;

	private PostgresCluster(Path binaries, Path directory, int port, List<String> runAs) {
		this.binaries = binaries;
		this.directory = directory;
		this.port = port;
		this.runAs = runAs;
		this.stopOnExit = new Thread(this::stopAndDelete, "stop-postgres-" + port);
	}

	/**
	 * Creates and starts a new cluster; it is stopped and deleted by {@link #close()}.
	 */
	static PostgresCluster start() {
		Path binaries = binaries();
		List<String> runAs = isRoot() ? List.of("runuser", "-u", SUPERUSER, "--") : List.of();
		try {
			Path directory = Files.createTempDirectory("orders-faults-pg");
			if (isRoot()) {
				run(List.of(), "chown", SUPERUSER, directory.toString());
			}
			PostgresCluster cluster = new PostgresCluster(binaries, directory, freePort(), runAs);
			Runtime.getRuntime().addShutdownHook(cluster.stopOnExit);
			try {
				cluster.pg("initdb", "-D", cluster.data(), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--locale=C",
						"--no-sync");
				cluster.pg("pg_ctl", "start", "-D", cluster.data(), "-l", cluster.log().toString(), "-w", "-t", "60",
						"-o", cluster.serverOptions());
				cluster.running = true;
				return cluster;
			}
			catch (RuntimeException ex) {
				cluster.close();
				throw ex;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
	}

	String user() {
		return SUPERUSER;
	}

	void createDatabase(String name) {
		execute("postgres", "CREATE DATABASE " + name);
	}

	/**
	 * Restarts the server the way a crash does: {@code -m immediate} kills every backend
	 * without a checkpoint, so the server recovers from its WAL when it comes back.
	 */
	void restartImmediately() {
		pg("pg_ctl", "restart", "-D", data(), "-m", "immediate", "-l", log().toString(), "-w", "-t", "60", "-o",
				serverOptions());
	}

	/**
	 * Stops the server the way a crash or a lost host does ({@code -m immediate}); it
	 * stays away until {@link #startAgain()}.
	 */
	void stopImmediately() {
		pg("pg_ctl", "stop", "-D", data(), "-m", "immediate", "-w", "-t", "60");
	}

	/**
	 * Starts the server stopped by {@link #stopImmediately()}; it recovers from its WAL.
	 */
	void startAgain() {
		pg("pg_ctl", "start", "-D", data(), "-l", log().toString(), "-w", "-t", "60", "-o", serverOptions());
	}

	/** Runs a statement in the given database. */
	void execute(String database, String sql) {
		try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("'" + sql + "' failed: " + ex.getMessage(), ex);
		}
	}

	/** The rows of a query, each as its columns' text. */
	List<List<String>> query(String database, String sql) {
		try (Connection connection = connect(database);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			int columns = rows.getMetaData().getColumnCount();
			List<List<String>> result = new ArrayList<>();
			while (rows.next()) {
				List<String> row = new ArrayList<>(columns);
				for (int column = 1; column <= columns; column++) {
					row.add(rows.getString(column));
				}
				result.add(row);
			}
			return result;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("'" + sql + "' failed: " + ex.getMessage(), ex);
		}
	}

	Connection connect(String database) throws SQLException {
		return DriverManager.getConnection(jdbcUrl(database) + "?ApplicationName=fault-suite", SUPERUSER, "");
	}

	/** Stops the server at once and deletes its files; its log is kept with the apps'. */
	@Override
	public void close() {
		stopAndDelete();
		try {
			Runtime.getRuntime().removeShutdownHook(this.stopOnExit);
		}
		catch (IllegalStateException ex) {
			// the JVM is already exiting and runs the hook itself
		}
	}

	private synchronized void stopAndDelete() {
		if (this.running) {
			this.running = false;
			try {
				pg("pg_ctl", "stop", "-D", data(), "-m", "immediate", "-w", "-t", "60");
			}
			catch (RuntimeException ex) {
				System.err.println("Could not stop the fault suite's PostgreSQL: " + ex.getMessage());
			}
		}
		if (!Files.isDirectory(this.directory)) {
			return;
		}
		try {
			Path keep = Path.of("target", "e2e-logs", "postgres-" + this.port + ".log");
			Files.createDirectories(keep.getParent());
			if (Files.exists(log())) {
				Files.copy(log(), keep, StandardCopyOption.REPLACE_EXISTING);
			}
			try (Stream<Path> files = Files.walk(this.directory)) {
				for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
					Files.deleteIfExists(file);
				}
			}
		}
		catch (IOException ex) {
			System.err.println("Could not delete " + this.directory + ": " + ex.getMessage());
		}
	}

	private String data() {
		return this.directory.resolve("data").toString();
	}

	private Path log() {
		return this.directory.resolve("postgresql.log");
	}

	private String serverOptions() {
		// fsync only protects against the machine failing, which no test here does;
		// process crashes and immediate restarts lose nothing without it
		return "-p " + this.port + " -k " + this.directory + " -c listen_addresses=127.0.0.1 -c fsync=off"
				+ " -c max_connections=200";
	}

	private void pg(String program, String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(this.binaries.resolve(program).toString());
		command.addAll(List.of(arguments));
		run(this.runAs, command.toArray(String[]::new));
	}

	private static void run(List<String> prefix, String... command) {
		List<String> full = new ArrayList<>(prefix);
		full.addAll(List.of(command));
		try {
			Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
			process.getOutputStream().close();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(
						String.join(" ", full) + " failed:\n" + new String(output, StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not run " + String.join(" ", full), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Path binaries() {
		String configured = System.getProperty("faults.postgres.bin", "");
		if (!configured.isBlank()) {
			return Path.of(configured);
		}
		Path installed = Path.of("/usr/lib/postgresql");
		if (Files.isDirectory(installed)) {
			try (Stream<Path> versions = Files.list(installed)) {
				return versions.map((version) -> version.resolve("bin"))
					.filter((bin) -> Files.isExecutable(bin.resolve("initdb")))
					.max(Comparator.comparing((Path bin) -> versionOf(bin)))
					.orElseThrow(() -> noBinaries(installed));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		throw noBinaries(installed);
	}

	private static Integer versionOf(Path bin) {
		String version = bin.getParent().getFileName().toString();
		return version.matches("\\d+") ? Integer.valueOf(version) : 0;
	}

	private static IllegalStateException noBinaries(Path where) {
		return new IllegalStateException("The fault suite needs PostgreSQL's server binaries (initdb, pg_ctl): none in "
				+ where + "/*/bin. Install the distribution's postgresql package, point -Dfaults.postgres.bin at"
				+ " them, or skip the suite with -Dfaults.skip=true.");
	}

	private static boolean isRoot() {
		try {
			return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
		}
		catch (IOException | UnsupportedOperationException ex) {
			return "root".equals(System.getProperty("user.name"));
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
