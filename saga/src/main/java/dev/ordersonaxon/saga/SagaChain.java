package dev.ordersonaxon.saga;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AbstractSagaManager;

/**
 * Hands the events a batch's commands published back to the saga's handlers in the same
 * batch ({@link SagaCommandBatch}), each in a unit of work of its own nested in the
 * batch, as the processor would: its correlation data is the event's, so the commands
 * that follow carry the same trace as they would coming from the stream.
 * <p>
 * Only for batches of a processor that has one segment: its thread is then the only one
 * that locks several customers and products at once, and may do so in any order.
 */
final class SagaChain implements SagaCommandBatch.Chain {

	private final Configuration configuration;

	private final ChainedSagaSteps steps;

	private volatile AbstractSagaManager<OrderSaga> manager;

	private volatile List<CorrelationDataProvider> correlationDataProviders;

	private SagaChain(Configuration configuration, ChainedSagaSteps steps) {
		this.configuration = configuration;
		this.steps = steps;
	}

	/**
	 * The chain for each of the saga processor's batches: one for a batch of the only
	 * segment, none for a batch of one segment among several, nor outside the processor.
	 * @param steps told about every event handed back to the saga
	 */
	static Function<UnitOfWork<?>, SagaCommandBatch.Chain> forBatches(Configuration configuration,
			String processingGroup, ChainedSagaSteps steps) {
		Function<UnitOfWork<?>, Optional<Segment>> segmentOfBatch = OrderSegments.segmentOfBatch(configuration,
				processingGroup);
		SagaChain chain = new SagaChain(configuration, steps);
		return (batch) -> segmentOfBatch.apply(batch)
			.filter((segment) -> segment.getMask() == Segment.ROOT_SEGMENT.getMask())
			.map((segment) -> (SagaCommandBatch.Chain) chain)
			.orElse(null);
	}

	@Override
	public void handle(EventMessage<?> event) {
		AbstractSagaManager<OrderSaga> sagas = manager();
		if (!sagas.canHandle(event, Segment.ROOT_SEGMENT)) {
			return;
		}
		UnitOfWork<EventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(event);
		correlationDataProviders().forEach(unitOfWork::registerCorrelationDataProvider);
		try {
			sagas.handle(event, Segment.ROOT_SEGMENT);
		}
		catch (Exception ex) {
			unitOfWork.rollback(ex);
			throw (ex instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException("The saga failed on " + event.getPayloadType().getSimpleName(), ex);
		}
		unitOfWork.commit();
		this.steps.handedBack();
	}

	@Override
	public void roundSent(int commands, int answers) {
		this.steps.roundSent(commands, answers);
	}

	private AbstractSagaManager<OrderSaga> manager() {
		if (this.manager == null) {
			this.manager = this.configuration.eventProcessingConfiguration()
				.sagaConfiguration(OrderSaga.class)
				.manager();
		}
		return this.manager;
	}

	private List<CorrelationDataProvider> correlationDataProviders() {
		if (this.correlationDataProviders == null) {
			this.correlationDataProviders = List.copyOf(this.configuration.correlationDataProviders());
		}
		return this.correlationDataProviders;
	}

}
