package dev.ordersonaxon.eventstore;

import org.hibernate.boot.model.TypeContributions;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.service.ServiceRegistry;

/**
 * The embedded database's counterpart of {@link ByteaPostgreSQLDialect}, so that one set
 * of migrations (with {@code bytea} columns) serves both databases.
 */
public class ByteaH2Dialect extends H2Dialect {

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
