package dev.ordersonaxon.command.admin;

import java.util.List;

import dev.ordersonaxon.eventstore.deadletters.DeadLetterGroup;
import dev.ordersonaxon.eventstore.deadletters.DeadLetterMetrics;
import dev.ordersonaxon.eventstore.deadletters.DeadLetters;
import dev.ordersonaxon.eventstore.deadletters.DeadLettersHealthIndicator;
import dev.ordersonaxon.saga.OrderSaga;
import dev.ordersonaxon.saga.SagaDeadLetters;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The saga's parked events as operators see them: the same REST shape, health component
 * and gauge as the query side's projections, for the one processing group of the command
 * side. A retry handles the order's parked events again, in order, through the saga's own
 * handlers.
 */
@Configuration(proxyBeanMethods = false)
class SagaDeadLetterConfiguration {

	@Bean
	DeadLetters sagaDeadLetterAdministration(SagaDeadLetters sagaDeadLetters, EventProcessingConfiguration processing,
			TransactionManager transactionManager) {
		DeadLetterGroup saga = new DeadLetterGroup(OrderSaga.PROCESSING_GROUP, sagaDeadLetters.queue(),
				(sequence) -> sagaDeadLetters.retry(sequence, sagaHandlers(processing), transactionManager));
		return new DeadLetters(List.of(saga), transactionManager);
	}

	@Bean
	DeadLettersHealthIndicator deadLettersHealthIndicator(DeadLetters deadLetters) {
		return new DeadLettersHealthIndicator(deadLetters);
	}

	@Bean
	DeadLetterMetrics deadLetterMetrics(DeadLetters deadLetters) {
		return new DeadLetterMetrics(deadLetters);
	}

	private static EventHandlerInvoker sagaHandlers(EventProcessingConfiguration processing) {
		return processing.eventProcessorByProcessingGroup(OrderSaga.PROCESSING_GROUP, AbstractEventProcessor.class)
			.map(AbstractEventProcessor::eventHandlerInvoker)
			.orElseThrow(() -> new IllegalStateException("No processor runs " + OrderSaga.PROCESSING_GROUP));
	}

}
