package dev.ordersonaxon.eventstore;

import org.hibernate.boot.model.TypeContributions;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.service.ServiceRegistry;

/**
 * PostgreSQL dialect that stores Axon's {@code @Lob} columns (payloads, metadata, tokens,
 * sagas) as {@code bytea}. The stock dialect maps them to large objects ({@code oid}),
 * which PostgreSQL never cleans up when the referencing row goes away.
 */
public class ByteaPostgreSQLDialect extends PostgreSQLDialect {

	@Override
	protected String columnType(int sqlTypeCode) {
		return LobsAsBytes.columnType(sqlTypeCode, super::columnType);
	}

	@Override
	protected String castType(int sqlTypeCode) {
		return LobsAsBytes.columnType(sqlTypeCode, super::castType);
	}

	@Override
	public void contributeTypes(TypeContributions typeContributions, ServiceRegistry serviceRegistry) {
		super.contributeTypes(typeContributions, serviceRegistry);
		LobsAsBytes.register(typeContributions);
	}

}
