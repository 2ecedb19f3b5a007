package dev.ordersonaxon.query.infrastructure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.EventProcessorProperties;

import dev.ordersonaxon.eventstore.deadletters.DeadLetterGroup;
import dev.ordersonaxon.eventstore.deadletters.DeadLetterMetrics;
import dev.ordersonaxon.eventstore.deadletters.DeadLetters;
import dev.ordersonaxon.eventstore.deadletters.DeadLettersHealthIndicator;
import dev.ordersonaxon.eventstore.deadletters.JdbcDeadLetterQueues;
import dev.ordersonaxon.eventstore.deadletters.ParkingPolicy;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every processor configured under {@code axon.eventhandling.processors} (one per
 * projection) parks the events it cannot handle in Axon's sequenced dead-letter queue, in
 * {@code read_model.dead_letter_entry}: one sequence per aggregate (Axon's default
 * sequencing policy), so a poisoned customer, product or order holds up only its own
 * later events. Transient faults are retried by the processor instead
 * ({@link ParkingPolicy}), and a failure that surfaces only when a batch commits is
 * traced to its event ({@link EventIsolation}).
 * <p>
 * A replay clears the group's parked events (they are handled again from the first
 * event), and handlers of a group without a queue fail their batch rather than skip an
 * event (Axon's default logs and goes on, leaving the view silently wrong).
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

	@Bean
	EventIsolation eventIsolation() {
		return new EventIsolation();
	}

	@Bean
	ProjectionDeadLetterQueues projectionDeadLetterQueues(EventProcessorProperties processors,
			ConnectionProvider connectionProvider, TransactionManager transactionManager, DeadLetterSchema schema,
			@Qualifier("serializer") Serializer serializer, @Qualifier("eventSerializer") Serializer eventSerializer) {
		Map<String, SequencedDeadLetterQueue<EventMessage<?>>> queues = new LinkedHashMap<>();
		for (String group : processors.getProcessors().keySet()) {
			queues.put(group, JdbcDeadLetterQueues.create(group, connectionProvider, transactionManager, schema,
					serializer, eventSerializer));
		}
		return new ProjectionDeadLetterQueues(queues);
	}

	@Bean
	ConfigurerModule deadLetterProcessing(ProjectionDeadLetterQueues queues, EventIsolation isolation) {
		ParkingPolicy policy = new ParkingPolicy();
		return (configurer) -> {
			EventProcessingConfigurer processing = configurer.eventProcessing();
			processing.registerDefaultListenerInvocationErrorHandler((config) -> PropagatingErrorHandler.instance());
			processing.registerDefaultErrorHandler((config) -> isolation);
			processing.registerDefaultHandlerInterceptor((config, processor) -> isolation.interceptor(processor));
			queues.byGroup().forEach((group, queue) -> {
				processing.registerDeadLetterQueue(group, (config) -> queue);
				processing.registerDeadLetterPolicy(group, (config) -> policy);
				processing.registerDeadLetteringEventHandlerInvokerConfiguration(group,
						(config, invoker) -> invoker.enableSequenceIdentifierCache().allowReset(true));
			});
		};
	}

	@Bean
	DeadLetters deadLetters(ProjectionDeadLetterQueues queues, EventProcessingConfiguration processing,
			TransactionManager transactionManager) {
		List<DeadLetterGroup> groups = queues.byGroup()
			.entrySet()
			.stream()
			.map((entry) -> new DeadLetterGroup(entry.getKey(), entry.getValue(),
					(sequence) -> processor(processing, entry.getKey())
						.process((letter) -> sequence.equals(DeadLetters.sequenceIdentifierOf(letter)))))
			.toList();
		return new DeadLetters(groups, transactionManager);
	}

	@Bean
	DeadLettersHealthIndicator deadLettersHealthIndicator(DeadLetters deadLetters) {
		return new DeadLettersHealthIndicator(deadLetters);
	}

	@Bean
	DeadLetterMetrics deadLetterMetrics(DeadLetters deadLetters) {
		return new DeadLetterMetrics(deadLetters);
	}

	private static SequencedDeadLetterProcessor<EventMessage<?>> processor(EventProcessingConfiguration processing,
			String group) {
		return processing.sequencedDeadLetterProcessor(group)
			.orElseThrow(() -> new IllegalStateException("Processing group '" + group + "' has no dead-letter queue"));
	}

	/** The projections' dead-letter queues by processing group. */
	record ProjectionDeadLetterQueues(Map<String, SequencedDeadLetterQueue<EventMessage<?>>> byGroup) {

	}

}
