package dev.ordersonaxon.eventstore;

import java.sql.Types;

import org.hibernate.boot.model.TypeContributions;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.service.ServiceRegistry;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.jdbc.BinaryJdbcType;

/**
 * PostgreSQL dialect that stores Axon's {@code @Lob} columns (payloads, metadata, tokens,
 * sagas) as {@code bytea}. The stock dialect maps them to large objects ({@code oid}),
 * which PostgreSQL never cleans up when the referencing row goes away.
 */
public class ByteaPostgreSQLDialect extends PostgreSQLDialect {

	@Override
	protected String columnType(int sqlTypeCode) {
		return (sqlTypeCode == SqlTypes.BLOB) ? "bytea" : super.columnType(sqlTypeCode);
	}

	@Override
	protected String castType(int sqlTypeCode) {
		return (sqlTypeCode == SqlTypes.BLOB) ? "bytea" : super.castType(sqlTypeCode);
	}

	@Override
	public void contributeTypes(TypeContributions typeContributions, ServiceRegistry serviceRegistry) {
		super.contributeTypes(typeContributions, serviceRegistry);
		typeContributions.getTypeConfiguration()
			.getJdbcTypeRegistry()
			.addDescriptor(Types.BLOB, BinaryJdbcType.INSTANCE);
	}

}
