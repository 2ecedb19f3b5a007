package dev.ordersonaxon.saga;

import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
import org.axonframework.modelling.saga.SagaManagerSpanFactory;

/**
 * The order saga's manager, built as Axon builds its own, that has no use for an event
 * the saga was handed in the batch whose commands appended it ({@link SagaChain}). When
 * the stream brings such an event by, the processor passes it over as one that no handler
 * wants: its payload is not read, its saga not looked for, no unit of work is started for
 * it. Handled once more it would change nothing (the saga is past that step or ended), at
 * the cost of all that, three or four times an order.
 * <p>
 * The saga's processor holds no other handler for the events the saga's commands append,
 * so none of its handlers misses them.
 */
final class OrderSagaManager extends AnnotatedSagaManager<OrderSaga> {

	private final ChainedSagaSteps chained;

	private OrderSagaManager(Builder<OrderSaga> builder, ChainedSagaSteps chained) {
		super(builder);
		this.chained = chained;
	}

	/**
	 * The manager for the saga's processing group, with the repository, handlers and
	 * error handler Axon's configuration gives the saga.
	 */
	static OrderSagaManager create(Configuration configuration, String processingGroup, ChainedSagaSteps chained) {
		return new OrderSagaManager(AnnotatedSagaManager.<OrderSaga>builder()
			.sagaType(OrderSaga.class)
			.sagaRepository(
					configuration.eventProcessingConfiguration().sagaConfiguration(OrderSaga.class).repository())
			.parameterResolverFactory(configuration.parameterResolverFactory())
			.handlerDefinition(configuration.handlerDefinition(OrderSaga.class))
			.listenerInvocationErrorHandler(
					configuration.eventProcessingConfiguration().listenerInvocationErrorHandler(processingGroup))
			.spanFactory(configuration.getComponent(SagaManagerSpanFactory.class)), chained);
	}

	@Override
	public boolean canHandle(EventMessage<?> eventMessage, Segment segment) {
		return super.canHandle(eventMessage, segment) && !this.chained.wasHandedBack(eventMessage.getIdentifier());
	}

}
