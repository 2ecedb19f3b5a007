package dev.ordersonaxon.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * Watches the event store over JDBC while requests run: how many events it holds, and
 * whether the command side is done reacting to the ones already there.
 */
final class EventStoreWatch implements AutoCloseable {

	private final Connection connection;

	EventStoreWatch(String jdbcUrl, String user, String password) {
		try {
			this.connection = DriverManager.getConnection(jdbcUrl, user, password);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot read the event store at " + jdbcUrl, ex);
		}
	}

	long events() {
		return single("SELECT count(*) FROM event_store.domain_event_entry");
	}

	/**
	 * Waits until nothing more will be appended without a new request: no order is
	 * pending, and every command-side processor (the saga's among them) has handled the
	 * last event. A saga step commits the events of the commands it sends with its token,
	 * so a processor at the head has nothing left to append.
	 */
	void awaitQuiet() {
		await().alias("the command side done with every event in the store")
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(25))
			.until(this::isQuiet);
	}

	private boolean isQuiet() {
		long pending = single("SELECT count(*) FROM event_store.domain_event_entry placed"
				+ " WHERE placed.payload_type LIKE '%.OrderPlacedEvent' AND NOT EXISTS ("
				+ " SELECT 1 FROM event_store.domain_event_entry ended"
				+ " WHERE ended.aggregate_identifier = placed.aggregate_identifier"
				+ " AND ended.payload_type ~ '\\.Order(Approved|Rejected|Cancelled)Event$')");
		if (pending > 0) {
			return false;
		}
		long head = single("SELECT coalesce(max(global_index), -1) FROM event_store.domain_event_entry");
		try (Statement statement = this.connection.createStatement();
				ResultSet tokens = statement
					.executeQuery("SELECT convert_from(token, 'UTF8') FROM event_store.token_entry")) {
			boolean any = false;
			while (tokens.next()) {
				any = true;
				JsonNode index = (tokens.getString(1) != null) ? Http.parse(tokens.getString(1)).findValue("index")
						: null;
				if (index == null || index.asLong() < head) {
					return false;
				}
			}
			return any;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private long single(String sql) {
		try (Statement statement = this.connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql, ex);
		}
	}

	@Override
	public void close() {
		try {
			this.connection.close();
		}
		catch (SQLException ex) {
			// closing after the run; nothing depends on it
		}
	}

}
