package dev.ordersonaxon.eventstore.deadletters;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.JdbcException;
import org.axonframework.common.jdbc.JdbcUtils;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;

/**
 * Axon's JDBC dead-letter queue for one processing group, with the statements of
 * {@link PagingDeadLetterStatementFactory}.
 * <p>
 * Axon's default bounds (1024 sequences per group, 1024 letters per sequence) are raised
 * to {@value #MAX_SEQUENCES} each: beyond a bound parking fails, and with it the
 * processor's batch, again and again, which would hold up every other aggregate. A
 * customer parked in a busy shop gains a letter with every order it takes part in, so
 * 1024 is reached in hours. The table is the limit; the health component and the gauge
 * tell operators long before.
 */
public final class JdbcDeadLetterQueues {

	static final int PAGE_SIZE = 100;

	/**
	 * The most sequences a group may park, and the most letters one sequence may hold.
	 */
	static final int MAX_SEQUENCES = 1_000_000;

	private JdbcDeadLetterQueues() {
	}

	/**
	 * The sequence identifiers a group has parked letters under, read from the table
	 * alone: the queue's own API deserializes every letter to tell them. Identifiers are
	 * stored as given when they are strings, which every queue here is given.
	 */
	public static Set<String> sequenceIdentifiers(String processingGroup, ConnectionProvider connectionProvider,
			DeadLetterSchema schema) {
		String sql = "SELECT DISTINCT " + schema.sequenceIdentifierColumn() + " FROM " + schema.deadLetterTable()
				+ " WHERE " + schema.processingGroupColumn() + " = ?";
		Connection connection;
		try {
			connection = connectionProvider.getConnection();
		}
		catch (SQLException ex) {
			throw new JdbcException("Could not read the parked sequences of " + processingGroup, ex);
		}
		return JdbcUtils.executeQuery(connection, (c) -> {
			PreparedStatement statement = c.prepareStatement(sql);
			statement.setString(1, processingGroup);
			return statement;
		}, (results) -> {
			Set<String> identifiers = new HashSet<>();
			while (results.next()) {
				identifiers.add(results.getString(1));
			}
			return identifiers;
		}, (failure) -> new JdbcException("Could not read the parked sequences of " + processingGroup, failure));
	}

	public static JdbcSequencedDeadLetterQueue<EventMessage<?>> create(String processingGroup,
			ConnectionProvider connectionProvider, TransactionManager transactionManager, DeadLetterSchema schema,
			Serializer genericSerializer, Serializer eventSerializer) {
		return JdbcSequencedDeadLetterQueue.<EventMessage<?>>builder()
			.processingGroup(processingGroup)
			.connectionProvider(connectionProvider)
			.transactionManager(transactionManager)
			.schema(schema)
			.genericSerializer(genericSerializer)
			.eventSerializer(eventSerializer)
			.statementFactory(
					new PagingDeadLetterStatementFactory(schema, genericSerializer, eventSerializer, PAGE_SIZE))
			.pageSize(PAGE_SIZE)
			.maxSequences(MAX_SEQUENCES)
			.maxSequenceSize(MAX_SEQUENCES)
			.build();
	}

}
