package dev.ordersonaxon.query.infrastructure;

import java.sql.Types;

import org.hibernate.boot.model.TypeContributions;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.service.ServiceRegistry;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.jdbc.BinaryJdbcType;

/**
 * Maps Axon's {@code @Lob} columns (event payloads, tokens) to {@code bytea}, as the
 * event store's and the token table's schemas have them, instead of PostgreSQL large
 * objects.
 */
public class ByteaPostgreSQLDialect extends PostgreSQLDialect {

	public ByteaPostgreSQLDialect() {
	}

	// Hibernate prefers this one when it connects, so the dialect knows the server's
	// version.
	public ByteaPostgreSQLDialect(DialectResolutionInfo info) {
		super(info);
	}

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
