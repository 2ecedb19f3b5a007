package dev.ordersonaxon.query.infrastructure;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.ordersonaxon.eventstore.Databases;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * An insert-or-update of view rows as a standard SQL {@code MERGE}, which PostgreSQL 15+
 * and the embedded H2 database both run (PostgreSQL's {@code ON CONFLICT} is unknown to
 * H2).
 * <p>
 * On PostgreSQL all the rows of a write go in one statement: each column's values are one
 * array parameter, and {@code unnest} turns the arrays back into rows. In a replay of
 * 1,000,000 events that is about 800 statements instead of 375,000, and the projection
 * threads no longer bind parameters row by row (a sixth of their profile). The database
 * still inserts row by row into the indexes: the order view's rows cost 35-45 us each
 * either way. The rows of one write must have distinct keys, as the write-behind buffer
 * ({@link BatchedWrites}) keeps them: a {@code MERGE} refuses to change a row twice. H2
 * gets the batch of one statement per row.
 * <p>
 * Every value is cast to its column's kind of type, so neither database has to guess the
 * type of a parameter. Only to the column's kind of type, though, not its size, so that
 * the column alone decides what fits: PostgreSQL's explicit cast to {@code varchar(n)}
 * cuts a longer text silently (a name, or an order's lines as JSON), where storing it in
 * the column fails and the event is parked for an operator; and a cast to
 * {@code numeric(19, 2)} would refuse a large amount even after a migration widened the
 * column, so the operator's retry of the parked event would fail again.
 *
 * @param <V> the view a row is written from
 */
public final class Upsert<V> {

	/**
	 * A column, its SQL type, and how to read its value from a view.
	 *
	 * @param <V> the view
	 */
	public record Column<V>(String name, String type, Function<? super V, ?> value) {

	}

	public static <V> Column<V> column(String name, String type, Function<? super V, ?> value) {
		return new Column<>(name, type, value);
	}

	private final List<Column<V>> columns;

	/**
	 * The statements after {@code MERGE INTO
	 *
	<table>
	 * }.
	 */
	private final String perRowTail;

	private final String allRowsTail;

	private final Map<String, Statements> byTable = new ConcurrentHashMap<>();

	private Upsert(List<Column<V>> columns, String perRowTail, String allRowsTail) {
		this.columns = columns;
		this.perRowTail = perRowTail;
		this.allRowsTail = allRowsTail;
	}

	/**
	 * The upsert of rows with these columns, keyed by the first, into any table that has
	 * them.
	 */
	public static <V> Upsert<V> of(List<Column<V>> columns) {
		String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
		String values = columns.stream()
			.map((column) -> "CAST(? AS " + castType(column.type()) + ")")
			.collect(Collectors.joining(", "));
		String arrays = columns.stream()
			.map((column) -> "CAST(? AS " + castType(column.type()) + "[])")
			.collect(Collectors.joining(", "));
		String merge = merge(columns, names);
		return new Upsert<>(List.copyOf(columns), " AS v USING (VALUES (" + values + ")) AS s(" + names + ")" + merge,
				" AS v USING (SELECT * FROM unnest(" + arrays + ") AS u(" + names + ")) AS s" + merge);
	}

	/** Writes the rows, which have distinct keys, into {@code table}. */
	public void write(JdbcOperations jdbc, String table, Collection<? extends V> rows) {
		if (rows.isEmpty()) {
			return;
		}
		Statements statements = this.byTable.computeIfAbsent(table, this::statements);
		jdbc.execute((ConnectionCallback<Void>) (connection) -> {
			// asked of every connection: the drivers answer from memory
			if (Databases.isPostgres(connection)) {
				writeAll(connection, statements.allRows(), rows);
			}
			else {
				writeEach(connection, statements.perRow(), rows);
			}
			return null;
		});
	}

	private Statements statements(String table) {
		return new Statements("MERGE INTO " + table + this.perRowTail, "MERGE INTO " + table + this.allRowsTail);
	}

	/** The statement for one row into {@code table}, with a parameter per column. */
	String perRowStatement(String table) {
		return statements(table).perRow();
	}

	/**
	 * The statement for any number of rows into {@code table}, with an array parameter
	 * per column.
	 */
	String allRowsStatement(String table) {
		return statements(table).allRows();
	}

	private void writeAll(Connection connection, String allRows, Collection<? extends V> rows) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(allRows)) {
			for (int c = 0; c < this.columns.size(); c++) {
				Function<? super V, ?> value = this.columns.get(c).value();
				String[] texts = new String[rows.size()];
				int r = 0;
				for (V row : rows) {
					texts[r++] = text(value.apply(row));
				}
				statement.setArray(c + 1, connection.createArrayOf("text", texts));
			}
			statement.executeUpdate();
		}
	}

	private void writeEach(Connection connection, String perRow, Collection<? extends V> rows) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(perRow)) {
			for (V row : rows) {
				for (int c = 0; c < this.columns.size(); c++) {
					statement.setObject(c + 1, this.columns.get(c).value().apply(row));
				}
				statement.addBatch();
			}
			statement.executeBatch();
		}
	}

	/** A value as PostgreSQL reads it back into the column's type. */
	private static String text(Object value) {
		if (value == null) {
			return null;
		}
		return (value instanceof BigDecimal decimal) ? decimal.toPlainString() : value.toString();
	}

	private static String merge(List<? extends Column<?>> columns, String names) {
		String key = columns.get(0).name();
		String updates = columns.stream()
			.skip(1)
			.map((column) -> column.name() + " = s." + column.name())
			.collect(Collectors.joining(", "));
		String inserts = columns.stream().map((column) -> "s." + column.name()).collect(Collectors.joining(", "));
		return " ON v." + key + " = s." + key + " WHEN MATCHED THEN UPDATE SET " + updates
				+ " WHEN NOT MATCHED THEN INSERT (" + names + ") VALUES (" + inserts + ")";
	}

	private static String castType(String type) {
		if (type.startsWith("varchar(")) {
			return "varchar";
		}
		if (type.startsWith("numeric(")) {
			// the largest precision PostgreSQL allows, with the column's scale
			return "numeric(1000, " + type.substring(type.indexOf(',') + 1).trim();
		}
		return type;
	}

	private record Statements(String perRow, String allRows) {

	}

}
