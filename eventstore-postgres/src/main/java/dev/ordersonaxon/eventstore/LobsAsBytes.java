package dev.ordersonaxon.eventstore;

import java.sql.Types;
import java.util.function.IntFunction;

import org.hibernate.boot.model.TypeContributions;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.jdbc.VarbinaryJdbcType;

/**
 * The one mapping both dialects share: a {@code @Lob byte[]} is a {@code bytea} column.
 */
final class LobsAsBytes {

	private LobsAsBytes() {
	}

	static String columnType(int sqlTypeCode, IntFunction<String> dialectDefault) {
		return (sqlTypeCode == SqlTypes.BLOB) ? "bytea" : dialectDefault.apply(sqlTypeCode);
	}

	static void register(TypeContributions typeContributions) {
		typeContributions.getTypeConfiguration()
			.getJdbcTypeRegistry()
			.addDescriptor(Types.BLOB, VarbinaryJdbcType.INSTANCE);
	}

}
