package dev.ordersonaxon.benchmark.replay;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ordersonaxon.benchmark.Database;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Axon's event store over the command side's tables: an {@link EmbeddedEventStore} on a
 * {@link JdbcEventStorageEngine}, serializing with Jackson as the applications do. Each
 * {@link #append(List)} is one transaction on one connection.
 * <p>
 * The engine's insert leaves the global index to the database; the event table takes it
 * from its own sequence, which Hibernate fills in on the command side. So this engine
 * names the sequence in its insert and works whether or not the column has a default.
 */
final class SeedingEventStore implements AutoCloseable {

	static final String SCHEMA = "event_store";

	private final Connection connection;

	private final EventStore eventStore;

	private final String sequence;

	SeedingEventStore(Database database, String sequence) throws SQLException {
		this.sequence = sequence;
		this.connection = database.connect();
		this.connection.setAutoCommit(false);
		Serializer serializer = JacksonSerializer.builder()
			.objectMapper(new ObjectMapper().findAndRegisterModules())
			.build();
		Connection shared = unclosable(this.connection);
		JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
			.connectionProvider(() -> shared)
			.transactionManager(new ConnectionTransactionManager(this.connection))
			.eventSerializer(serializer)
			.snapshotSerializer(serializer)
			.dataType(byte[].class)
			.schema(schema())
			.appendEvents(this::insert)
			.build();
		this.eventStore = EmbeddedEventStore.builder().storageEngine(engine).build();
	}

	/** The event table's columns as the command side's migration names them. */
	static EventSchema schema() {
		return EventSchema.builder()
			.eventTable(SCHEMA + ".domain_event_entry")
			.snapshotTable(SCHEMA + ".snapshot_event_entry")
			.globalIndexColumn("global_index")
			.timestampColumn("time_stamp")
			.eventIdentifierColumn("event_identifier")
			.aggregateIdentifierColumn("aggregate_identifier")
			.sequenceNumberColumn("sequence_number")
			.typeColumn("type")
			.payloadTypeColumn("payload_type")
			.payloadRevisionColumn("payload_revision")
			.payloadColumn("payload")
			.metaDataColumn("meta_data")
			.build();
	}

	/** Appends the events in one transaction through the event store. */
	void append(List<DomainEventMessage<?>> events) {
		this.eventStore.publish(events);
	}

	private PreparedStatement insert(Connection connection, EventSchema schema, Class<?> dataType,
			List<? extends EventMessage<?>> events, Serializer serializer, TimestampWriter timestampWriter)
			throws SQLException {
		String sql = "insert into " + schema.domainEventTable() + " (" + schema.globalIndexColumn() + ", "
				+ schema.domainEventFields() + ") values (nextval('" + this.sequence + "'), ?, ?, ?, ?, ?, ?, ?, ?, ?)";
		PreparedStatement statement = connection.prepareStatement(sql);
		for (EventMessage<?> message : events) {
			DomainEventMessage<?> event = (DomainEventMessage<?>) message;
			SerializedObject<?> payload = serializer.serialize(event.getPayload(), dataType);
			SerializedObject<?> metaData = serializer.serialize(event.getMetaData(), dataType);
			statement.setString(1, event.getIdentifier());
			statement.setString(2, event.getAggregateIdentifier());
			statement.setLong(3, event.getSequenceNumber());
			statement.setString(4, event.getType());
			timestampWriter.writeTimestamp(statement, 5, event.getTimestamp());
			statement.setString(6, payload.getType().getName());
			statement.setString(7, payload.getType().getRevision());
			statement.setObject(8, payload.getData());
			statement.setObject(9, metaData.getData());
			statement.addBatch();
		}
		return statement;
	}

	@Override
	public void close() throws SQLException {
		this.connection.close();
	}

	/** The engine closes its connection after each statement; this one must stay open. */
	private static Connection unclosable(Connection connection) {
		InvocationHandler handler = (proxy, method, args) -> {
			if ("close".equals(method.getName())) {
				return null;
			}
			try {
				return method.invoke(connection, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		};
		return (Connection) Proxy.newProxyInstance(SeedingEventStore.class.getClassLoader(),
				new Class<?>[] { Connection.class }, handler);
	}

	/** Transactions on the one connection the engine writes through. */
	private record ConnectionTransactionManager(Connection connection) implements TransactionManager {

		@Override
		public Transaction startTransaction() {
			return new Transaction() {

				@Override
				public void commit() {
					try {
						ConnectionTransactionManager.this.connection.commit();
					}
					catch (SQLException ex) {
						throw new IllegalStateException("commit failed", ex);
					}
				}

				@Override
				public void rollback() {
					try {
						ConnectionTransactionManager.this.connection.rollback();
					}
					catch (SQLException ex) {
						throw new IllegalStateException("rollback failed", ex);
					}
				}

			};
		}

	}

}
