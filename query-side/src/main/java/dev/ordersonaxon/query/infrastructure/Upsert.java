package dev.ordersonaxon.query.infrastructure;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An insert-or-update of one view row as a standard SQL {@code MERGE}, which PostgreSQL
 * 15+ and the embedded H2 database both run (PostgreSQL's {@code ON CONFLICT} is unknown
 * to H2). Every value is cast to its column's type, so neither database has to guess the
 * type of a parameter inside {@code VALUES}. Only to the column's kind of type, though,
 * not its size, so that the column alone decides what fits: PostgreSQL's explicit cast to
 * {@code varchar(n)} cuts a longer text silently (a name, or an order's lines as JSON),
 * where storing it in the column fails and the event is parked for an operator; and a
 * cast to {@code numeric(19, 2)} would refuse a large amount even after a migration
 * widened the column, so the operator's retry of the parked event would fail again.
 */
public final class Upsert {

	/** A column, its SQL type, and the named parameter that carries its value. */
	public record Column(String name, String type, String parameter) {

	}

	public static Column column(String name, String type, String parameter) {
		return new Column(name, type, parameter);
	}

	private Upsert() {
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

	/** The statement for {@code table}, keyed by the first column. */
	public static String into(String table, List<Column> columns) {
		String key = columns.get(0).name();
		String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
		String values = columns.stream()
			.map((column) -> "CAST(:" + column.parameter() + " AS " + castType(column.type()) + ")")
			.collect(Collectors.joining(", "));
		String updates = columns.stream()
			.skip(1)
			.map((column) -> column.name() + " = s." + column.name())
			.collect(Collectors.joining(", "));
		String inserts = columns.stream().map((column) -> "s." + column.name()).collect(Collectors.joining(", "));
		return "MERGE INTO " + table + " AS v USING (VALUES (" + values + ")) AS s(" + names + ") ON v." + key + " = s."
				+ key + " WHEN MATCHED THEN UPDATE SET " + updates + " WHEN NOT MATCHED THEN INSERT (" + names
				+ ") VALUES (" + inserts + ")";
	}

}
