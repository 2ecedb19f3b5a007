package dev.ordersonaxon.eventstore;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * Which database a connection leads to, as its driver says: PostgreSQL in production,
 * where this application uses what only PostgreSQL has (advisory locks, {@code MERGE}
 * from arrays, transaction ids, tables rebuilt aside), or the embedded H2 database of a
 * local run, where it does without. Asked of the driver, which answers from memory,
 * rather than read off the URL, which a proxy or wrapper may change.
 */
public final class Databases {

	private Databases() {
	}

	/** Whether the connection is to PostgreSQL. */
	public static boolean isPostgres(Connection connection) throws SQLException {
		return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
	}

	/** Whether the data source's connections are to PostgreSQL; borrows one to ask. */
	public static boolean isPostgres(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return isPostgres(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not tell which database the application uses", ex);
		}
	}

}
