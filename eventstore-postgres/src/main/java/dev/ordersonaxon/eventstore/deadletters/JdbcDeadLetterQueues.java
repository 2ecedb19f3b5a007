package dev.ordersonaxon.eventstore.deadletters;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;

/**
 * Axon's JDBC dead-letter queue for one processing group, with the statements of
 * {@link PagingDeadLetterStatementFactory}. Axon's limits apply: at most 1024 sequences
 * per group and 1024 letters per sequence; beyond them parking fails, and with it the
 * processor's batch, which is then retried like a transient fault.
 */
public final class JdbcDeadLetterQueues {

	static final int PAGE_SIZE = 100;

	private JdbcDeadLetterQueues() {
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
			.build();
	}

}
