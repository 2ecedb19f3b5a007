package dev.ordersonaxon.benchmark;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Where PostgreSQL is: a JDBC URL as the applications take it ({@code DATABASE_URL}),
 * with its user and password.
 *
 * @param url the JDBC URL
 * @param user the user
 * @param password the password, empty for trust authentication
 */
public record Database(String url, String user, String password) {

	public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/orders";

	public static Database from(Arguments args) {
		return new Database(args.string("database-url", env("DATABASE_URL", DEFAULT_URL)),
				args.string("database-user", env("DATABASE_USER", "postgres")),
				args.string("database-password", env("DATABASE_PASSWORD", "")));
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

	public Connection connect() throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", this.user);
		if (!this.password.isEmpty()) {
			properties.setProperty("password", this.password);
		}
		return DriverManager.getConnection(this.url, properties);
	}

	/**
	 * The same server, another database: for creating a database that does not exist yet.
	 */
	public Database withName(String name) {
		URI uri = uri();
		String query = (uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "";
		return new Database("jdbc:postgresql://" + uri.getHost() + ":" + port() + "/" + name + query, this.user,
				this.password);
	}

	public String host() {
		return uri().getHost();
	}

	public int port() {
		int port = uri().getPort();
		return (port > 0) ? port : 5432;
	}

	public String name() {
		String path = uri().getPath();
		return path.startsWith("/") ? path.substring(1) : path;
	}

	private URI uri() {
		if (!this.url.startsWith("jdbc:postgresql://")) {
			throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + this.url);
		}
		return URI.create(this.url.substring("jdbc:".length()));
	}

}
