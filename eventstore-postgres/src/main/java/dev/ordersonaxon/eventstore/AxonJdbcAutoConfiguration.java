package dev.ordersonaxon.eventstore;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.modelling.saga.repository.jdbc.GenericSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSqlSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Axon's storage on plain JDBC: events and snapshots, tracking tokens and sagas, in the
 * snake_case tables that Flyway creates. Axon's {@link JdbcAutoConfiguration} supplies
 * the connection provider (bound to Spring's transaction), the token store and the saga
 * store; this configuration gives them the table layout, recognises PostgreSQL's
 * unique-key violations and sizes the event store's reads.
 * <p>
 * Plain JDBC rather than JPA: profiles of the saga showed Hibernate's per-statement work
 * (query plans, entity snapshots, flushes) as the largest single cost of a saga step, for
 * entities that are written once and never updated in place.
 */
@AutoConfiguration(before = JdbcAutoConfiguration.class,
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(EventStoreProperties.class)
public class AxonJdbcAutoConfiguration {

	private static final String UNIQUE_VIOLATION = "23505";

	@Bean
	@ConditionalOnMissingBean
	EventSchema eventSchema(EventStoreProperties properties) {
		return snakeCaseEventSchema(properties.schema());
	}

	/**
	 * The event and snapshot tables with this project's snake_case columns.
	 * @param schema the tables' schema; empty for the connection's search path
	 */
	static EventSchema snakeCaseEventSchema(String schema) {
		String prefix = schema.isEmpty() ? "" : schema + ".";
		return EventSchema.builder()
			.eventTable(prefix + "domain_event_entry")
			.snapshotTable(prefix + "snapshot_event_entry")
			.globalIndexColumn("global_index")
			.eventIdentifierColumn("event_identifier")
			.aggregateIdentifierColumn("aggregate_identifier")
			.sequenceNumberColumn("sequence_number")
			.typeColumn("type")
			.timestampColumn("time_stamp")
			.payloadTypeColumn("payload_type")
			.payloadRevisionColumn("payload_revision")
			.payloadColumn("payload")
			.metaDataColumn("meta_data")
			.build();
	}

	/**
	 * A unique-key violation (SQLSTATE 23505 on PostgreSQL and H2) on append is another
	 * writer's event at the same sequence number, which Axon turns into a
	 * {@code ConcurrencyException}. Axon's JDBC default only recognises
	 * {@code SQLIntegrityConstraintViolationException}, which the PostgreSQL driver never
	 * throws: a lost race would surface as a plain storage error and not be retried.
	 */
	@Bean
	@ConditionalOnMissingBean
	PersistenceExceptionResolver uniqueViolationResolver() {
		return new SQLStateResolver(UNIQUE_VIOLATION);
	}

	/**
	 * The event store's reads: aggregate streams and tracking processors fetch
	 * {@code orders.event-store.fetch-size} rows per query. The global index is assigned
	 * by the column's default (its own sequence, one number at a time).
	 */
	@Bean
	@ConditionalOnMissingBean(EventStorageEngine.class)
	EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
			@Qualifier("eventSerializer") Serializer eventSerializer,
			PersistenceExceptionResolver persistenceExceptionResolver, ConnectionProvider connectionProvider,
			TransactionManager transactionManager, org.axonframework.config.Configuration configuration,
			EventSchema eventSchema, EventStoreProperties properties) {
		return new ParsedTimestampJdbcEventStorageEngine(JdbcEventStorageEngine.builder()
			.snapshotSerializer(defaultSerializer)
			.eventSerializer(eventSerializer)
			.upcasterChain(configuration.upcasterChain())
			.snapshotFilter(configuration.snapshotFilter())
			.persistenceExceptionResolver(persistenceExceptionResolver)
			.connectionProvider(connectionProvider)
			.transactionManager(transactionManager)
			.schema(eventSchema)
			.batchSize(properties.fetchSize()), gapSettings(connectionProvider, properties));
	}

	/**
	 * Gaps are tracked by the transactions that may fill them where the database can say
	 * which are open (PostgreSQL), by time elsewhere.
	 */
	private static ParsedTimestampJdbcEventStorageEngine.GapSettings gapSettings(ConnectionProvider connections,
			EventStoreProperties properties) {
		boolean postgres;
		try (Connection connection = connections.getConnection()) {
			postgres = Databases.isPostgres(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not tell which database holds the event store", ex);
		}
		ParsedTimestampJdbcEventStorageEngine.GapSettings defaults = ParsedTimestampJdbcEventStorageEngine.GapSettings
			.defaults(postgres);
		return new ParsedTimestampJdbcEventStorageEngine.GapSettings(defaults.lowestGlobalSequence(),
				defaults.maxGapOffset(), properties.gapTimeout(), defaults.clock(), postgres);
	}

	/**
	 * Tracking tokens in this application's own schema (the connection's search path).
	 */
	@Bean
	@ConditionalOnMissingBean
	TokenSchema tokenSchema() {
		return TokenSchema.builder()
			.setTokenTable("token_entry")
			.setProcessorNameColumn("processor_name")
			.setSegmentColumn("segment")
			.setTokenColumn("token")
			.setTokenTypeColumn("token_type")
			.setTimestampColumn("timestamp")
			.setOwnerColumn("owner")
			.build();
	}

	/**
	 * Dead letters in this application's own schema, in the snake_case columns of the
	 * shared migration. Timestamps are ISO-8601 text, as Axon's JDBC queue writes them.
	 */
	@Bean
	@ConditionalOnMissingBean
	DeadLetterSchema deadLetterSchema() {
		return DeadLetterSchema.builder()
			.deadLetterTable("dead_letter_entry")
			.deadLetterIdentifierColumn("dead_letter_id")
			.processingGroupColumn("processing_group")
			.sequenceIdentifierColumn("sequence_identifier")
			.sequenceIndexColumn("sequence_index")
			.messageTypeColumn("message_type")
			.eventIdentifierColumn("event_identifier")
			.timestampColumn("time_stamp")
			.payloadTypeColumn("payload_type")
			.payloadRevisionColumn("payload_revision")
			.payloadColumn("payload")
			.metaDataColumn("meta_data")
			.aggregateTypeColumn("type")
			.aggregateIdentifierColumn("aggregate_identifier")
			.sequenceNumberColumn("sequence_number")
			.tokenTypeColumn("token_type")
			.tokenColumn("token")
			.enqueuedAtColumn("enqueued_at")
			.lastTouchedColumn("last_touched")
			.processingStartedColumn("processing_started")
			.causeTypeColumn("cause_type")
			.causeMessageColumn("cause_message")
			.diagnosticsColumn("diagnostics")
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	SagaSqlSchema sagaSqlSchema() {
		return new GenericSagaSqlSchema(SagaSchema.builder()
			.sagaEntryTable("saga_entry")
			.associationValueEntryTable("association_value_entry")
			.sagaIdColumn("saga_id")
			.sagaTypeColumn("saga_type")
			.revisionColumn("revision")
			.serializedSagaColumn("serialized_saga")
			.associationKeyColumn("association_key")
			.associationValueColumn("association_value")
			.build());
	}

}
