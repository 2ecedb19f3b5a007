package dev.ordersonaxon.benchmark.replay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.ordersonaxon.benchmark.Database;
import org.flywaydb.core.Flyway;

/**
 * The database the replay benchmark seeds. Seeded histories must never reach a command
 * side's order saga: it would start a saga for every seeded order and, when its deadline
 * passes, release reservations of orders that are long approved. So the benchmark seeds
 * only a database on which no command side has ever processed events.
 */
final class ReplayDatabase {

	private final Database database;

	ReplayDatabase(Database database) {
		this.database = database;
	}

	/**
	 * Creates the database if it is missing and brings the event store schema up to date.
	 */
	void prepare() throws SQLException {
		try (Connection admin = this.database.withName("postgres").connect();
				PreparedStatement exists = admin.prepareStatement("select 1 from pg_database where datname = ?")) {
			exists.setString(1, this.database.name());
			try (ResultSet result = exists.executeQuery()) {
				if (!result.next()) {
					try (Statement create = admin.createStatement()) {
						create.execute("create database \"" + this.database.name().replace("\"", "") + "\"");
					}
				}
			}
		}
		Flyway.configure()
			.dataSource(this.database.url(), this.database.user(), this.database.password())
			.schemas(SeedingEventStore.SCHEMA)
			.defaultSchema(SeedingEventStore.SCHEMA)
			.createSchemas(true)
			.locations("classpath:db/event-store")
			.load()
			.migrate();
	}

	/** Refuses a database whose event store has a command side's processor tokens. */
	void requireNoCommandSide() throws SQLException {
		try (Connection connection = this.database.connect(); Statement statement = connection.createStatement()) {
			try (ResultSet tables = statement.executeQuery("select count(*) from information_schema.tables "
					+ "where table_schema = 'event_store' and table_name = 'domain_event_entry'")) {
				tables.next();
				if (tables.getLong(1) == 0) {
					throw new IllegalStateException("no event store in " + this.database.url()
							+ ": add --create-database to create it with the command side's migrations");
				}
			}
			try (ResultSet table = statement.executeQuery("select to_regclass('event_store.token_entry') is null")) {
				table.next();
				if (table.getBoolean(1)) {
					return;
				}
			}
			try (ResultSet tokens = statement
				.executeQuery("select string_agg(distinct processor_name, ', ') from event_store.token_entry")) {
				tokens.next();
				String processors = tokens.getString(1);
				if (processors != null) {
					throw new IllegalStateException("a command side has run on " + this.database.url()
							+ " (its processors " + processors + " have tokens): the order saga would pick up "
							+ "every seeded order. Seed a dedicated database instead, e.g. --database-url "
							+ this.database.withName("orders_replay").url()
							+ " --create-database, with a query side pointed at it (or --force)");
				}
			}
		}
	}

	/**
	 * Vacuums the view tables, so that every rebuild starts from the same tables: a
	 * rebuild deletes every row and writes it again, and where autovacuum is off (as on
	 * the CI machines) the dead rows of earlier rebuilds would slow down each later one.
	 * @return whether autovacuum is on
	 */
	boolean vacuumViews() throws SQLException {
		try (Connection connection = this.database.connect(); Statement statement = connection.createStatement()) {
			statement
				.execute("vacuum (analyze) read_model.customer_view, read_model.product_view, read_model.order_view");
			try (ResultSet setting = statement.executeQuery("show autovacuum")) {
				setting.next();
				return "on".equals(setting.getString(1));
			}
		}
	}

	long eventCount() throws SQLException {
		try (Connection connection = this.database.connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select count(*) from event_store.domain_event_entry")) {
			result.next();
			return result.getLong(1);
		}
	}

	/**
	 * Reads the whole event table the way a tracking processor pages through it, payload
	 * bytes included: the ceiling for any replay.
	 * @return rows read
	 */
	long readAll(int pageSize) throws SQLException {
		String sql = "select global_index, event_identifier, aggregate_identifier, sequence_number, type, "
				+ "time_stamp, payload_type, payload_revision, payload, meta_data "
				+ "from event_store.domain_event_entry where global_index > ? order by global_index limit ?";
		long rows = 0;
		long last = -1;
		try (Connection connection = this.database.connect();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			while (true) {
				statement.setLong(1, last);
				statement.setInt(2, pageSize);
				int page = 0;
				try (ResultSet result = statement.executeQuery()) {
					while (result.next()) {
						last = result.getLong(1);
						result.getString(2);
						result.getString(3);
						result.getLong(4);
						result.getString(5);
						result.getString(6);
						result.getString(7);
						result.getString(8);
						result.getBytes(9);
						result.getBytes(10);
						page++;
					}
				}
				rows += page;
				if (page < pageSize) {
					return rows;
				}
			}
		}
	}

}
