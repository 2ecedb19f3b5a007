package dev.ordersonaxon.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A fresh, uniquely named PostgreSQL database for one test run, so runs never see each
 * other's events. The server is found through {@code TEST_DATABASE_URL} (any database on
 * it, default {@code jdbc:postgresql://127.0.0.1:5432/postgres}),
 * {@code TEST_DATABASE_USER} (default {@code postgres}) and
 * {@code TEST_DATABASE_PASSWORD}. The database is dropped when the JVM exits.
 */
public final class TestDatabase {

	private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

	private final String adminUrl;

	private final String user;

	private final String password;

	private final String name;

	private TestDatabase(String adminUrl, String user, String password, String name) {
		this.adminUrl = adminUrl;
		this.user = user;
		this.password = password;
		this.name = name;
	}

	/** Creates a new empty database whose name starts with the given prefix. */
	public static TestDatabase create(String prefix) {
		String adminUrl = env("TEST_DATABASE_URL", DEFAULT_URL);
		String user = env("TEST_DATABASE_USER", "postgres");
		String password = env("TEST_DATABASE_PASSWORD", "");
		String name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
		TestDatabase database = new TestDatabase(adminUrl, user, password, name);
		database.execute("CREATE DATABASE " + name);
		Runtime.getRuntime().addShutdownHook(new Thread(database::drop, "drop-" + name));
		return database;
	}

	public String name() {
		return this.name;
	}

	public String user() {
		return this.user;
	}

	public String password() {
		return this.password;
	}

	/** The JDBC URL of this database on the same server. */
	public String jdbcUrl() {
		int query = this.adminUrl.indexOf('?');
		String base = (query < 0) ? this.adminUrl : this.adminUrl.substring(0, query);
		String parameters = (query < 0) ? "" : this.adminUrl.substring(query);
		return base.substring(0, base.lastIndexOf('/') + 1) + this.name + parameters;
	}

	/** Points a Spring test context's data source at this database. */
	public void registerDataSource(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", this::jdbcUrl);
		registry.add("spring.datasource.username", this::user);
		registry.add("spring.datasource.password", this::password);
	}

	/**
	 * Runs one statement on the server (not inside this database), e.g. to create a role.
	 */
	public void execute(String sql) {
		try (Connection connection = DriverManager.getConnection(this.adminUrl, this.user, this.password);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(
					"PostgreSQL at " + this.adminUrl + " (user " + this.user + ") refused '" + sql + "': "
							+ ex.getMessage() + ". Start PostgreSQL or point TEST_DATABASE_URL, TEST_DATABASE_USER and"
							+ " TEST_DATABASE_PASSWORD at a server where this user may create databases.",
					ex);
		}
	}

	private void drop() {
		try {
			execute("DROP DATABASE IF EXISTS " + this.name + " WITH (FORCE)");
		}
		catch (IllegalStateException ex) {
			System.err.println("Could not drop test database " + this.name + ": " + ex.getMessage());
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
