package dev.ordersonaxon.saga;

import java.util.Optional;
import java.util.function.Function;

import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;

/**
 * Gives every order to one segment of the saga's processor: the segment Axon starts the
 * order's saga in, the one whose mask matches the saga's association value
 * ({@code orderId}). Every event of the order is handled there and passed over by the
 * other segments, so that
 * <ul>
 * <li>an order's saga steps, its approved-order cancellation and its parked events are
 * one thread's business, in the order of the event stream;</li>
 * <li>the other segments do not look the order's saga up on every one of its events,
 * which Axon's saga manager would do in each segment.</li>
 * </ul>
 * Axon gives a new saga an identifier that falls into the segment it was started in, and
 * from then on looks it up by that identifier. Both rules agree as long as the segments
 * stay as they were when the saga started: the number of segments is set when the
 * processor's tokens are first made and must not be split or merged afterwards.
 */
final class OrderSegments {

	/**
	 * Sequences the processor's plain event handlers (the approved-order cancellation)
	 * the way the saga manager places sagas.
	 */
	static final SequencingPolicy<EventMessage<?>> SEQUENCING = OrderSegments::associationOf;

	private OrderSegments() {
	}

	/**
	 * Passes over, in each segment, the events of the orders that belong to another.
	 * @param segmentOfBatch the segment a batch is being handled in, if any: handlers
	 * invoked outside the processor see every order
	 */
	static MessageHandlerInterceptor<EventMessage<?>> interceptor(
			Function<UnitOfWork<?>, Optional<Segment>> segmentOfBatch) {
		return (unitOfWork, chain) -> {
			Optional<Segment> segment = segmentOfBatch.apply(unitOfWork.root());
			if (segment.isPresent() && !segment.get().matches(associationOf(unitOfWork.getMessage()))) {
				return null;
			}
			return chain.proceed();
		};
	}

	/**
	 * Where a batch of the saga's streaming processor is handled, found by the segment id
	 * Axon's streaming processors keep among the batch's resources.
	 */
	static Function<UnitOfWork<?>, Optional<Segment>> segmentOfBatch(Configuration configuration,
			String processingGroup) {
		String segmentIdResource = segmentIdResource(processingGroup);
		return (batch) -> {
			Integer segmentId = batch.getResource(segmentIdResource);
			if (segmentId == null) {
				return Optional.empty();
			}
			return configuration.eventProcessingConfiguration()
				.eventProcessor(processingGroup, StreamingEventProcessor.class)
				.map((processor) -> processor.processingStatus().get(segmentId))
				.map(EventTrackerStatus::getSegment);
		};
	}

	/**
	 * The name of the resource in which Axon's streaming processors keep, on a batch's
	 * root unit of work, the segment the batch is handled in. A unit of work without it
	 * is not one of the processor's batches (a parked event's retry, a test).
	 */
	static String segmentIdResource(String processingGroup) {
		return "Processor[" + processingGroup + "]/SegmentId";
	}

	static AssociationValue associationOf(EventMessage<?> event) {
		return new AssociationValue(OrderSaga.ORDER_ID, SagaDeadLetters.sequenceOf(event));
	}

}
