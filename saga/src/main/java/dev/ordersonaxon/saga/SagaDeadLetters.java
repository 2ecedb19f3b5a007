package dev.ordersonaxon.saga;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.eventstore.deadletters.ParkingPolicy;
import dev.ordersonaxon.eventstore.faults.TransientFaults;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The saga's dead letters: Axon's dead-letter queue covers event handlers but not sagas,
 * so this does its job around the saga's processor, one order at a time.
 * <p>
 * An event whose handling fails for a reason of its own (not a transient database fault,
 * see {@link TransientFaults}) fails its batch: the batch rolls back and the processor
 * tries it again with its backoff. Once it has failed that way
 * {@link #DEFAULT_PARK_AFTER_FAILURES a few times} in a row, the event is parked instead
 * of handled. A handling that succeeds forgets its earlier failures: a fault that only
 * looked like the event's own (one that came with a database restart) costs a retry, not
 * a parked order. So a poisoned event costs the others a few retries (seconds), never a
 * half-applied saga step, and nothing of it is left in the saga or the event store. Every
 * later event of the same order is parked behind it, in order, until an operator retries
 * or evicts the order's events; the order itself is rejected with
 * {@code PROCESSING_FAILED} once the parking has committed, so it does not wait for its
 * timeout. What the parked events would have released stays held until they are retried.
 * If the node dies between the two, {@link #announceParkedOrders()} at the next start
 * sends the rejection again.
 * <p>
 * Events are sequenced by the order they belong to: every event the saga handles names
 * it. An event that cannot even be read is sequenced by its aggregate.
 */
public final class SagaDeadLetters {

	private static final Logger logger = LoggerFactory.getLogger(SagaDeadLetters.class);

	private static final String PARKED_SEQUENCES = SagaDeadLetters.class.getName() + ".parked";

	/** How often an event must fail on its own account before it is parked. */
	public static final int DEFAULT_PARK_AFTER_FAILURES = 3;

	private final SequencedDeadLetterQueue<EventMessage<?>> queue;

	private final Consumer<String> onParked;

	private final int parkAfterFailures;

	private final Supplier<Set<String>> parkedSequences;

	private final MessageHandlerInterceptor<EventMessage<?>> interceptor = this::handle;

	/** Events whose last handling failed on their own account, by event id. */
	private final Map<String, Failure> failed = new ConcurrentHashMap<>();

	/**
	 * @param queue where parked events are kept
	 * @param onParked called with the order's id once an order's first event was parked
	 * and that has committed
	 */
	public SagaDeadLetters(SequencedDeadLetterQueue<EventMessage<?>> queue, Consumer<String> onParked) {
		this(queue, onParked, DEFAULT_PARK_AFTER_FAILURES);
	}

	/**
	 * @param queue where parked events are kept
	 * @param onParked called with the order's id once an order's first event was parked
	 * and that has committed
	 * @param parkAfterFailures how often in a row an event must fail on its own account
	 * before it is parked
	 */
	public SagaDeadLetters(SequencedDeadLetterQueue<EventMessage<?>> queue, Consumer<String> onParked,
			int parkAfterFailures) {
		this(queue, () -> sequencesIn(queue), onParked, parkAfterFailures);
	}

	/**
	 * @param queue where parked events are kept
	 * @param parkedSequences the orders that have parked events, read once per batch
	 * while anything is parked: best a query for the sequence identifiers alone, where
	 * the queue's own API reads and deserializes every letter
	 * @param onParked called with the order's id once an order's first event was parked
	 * and that has committed
	 * @param parkAfterFailures how often in a row an event must fail on its own account
	 * before it is parked
	 */
	public SagaDeadLetters(SequencedDeadLetterQueue<EventMessage<?>> queue, Supplier<Set<String>> parkedSequences,
			Consumer<String> onParked, int parkAfterFailures) {
		if (parkAfterFailures < 1) {
			throw new IllegalArgumentException("parkAfterFailures must be at least 1: " + parkAfterFailures);
		}
		this.queue = queue;
		this.parkedSequences = parkedSequences;
		this.onParked = onParked;
		this.parkAfterFailures = parkAfterFailures;
	}

	/** Where the saga's events are parked, sequenced by order. */
	public SequencedDeadLetterQueue<EventMessage<?>> queue() {
		return this.queue;
	}

	/**
	 * What parks the saga's events, to be put on the saga's processor and on no other.
	 * Not implemented by this class itself: Axon's Spring Boot auto-configuration puts
	 * every handler interceptor bean on every event processor.
	 */
	public MessageHandlerInterceptor<EventMessage<?>> interceptor() {
		return this.interceptor;
	}

	private Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
			throws Exception {
		EventMessage<?> event = unitOfWork.getMessage();
		String sequence = sequenceOf(event);
		UnitOfWork<?> batch = unitOfWork.root();
		// not getOrComputeResource: reading the queue registers resources of its own on
		// the
		// same unit of work
		Set<String> parked = batch.getResource(PARKED_SEQUENCES);
		if (parked == null) {
			parked = parkedSequences();
			batch.resources().put(PARKED_SEQUENCES, parked);
		}
		Failure failure = this.failed.get(event.getIdentifier());
		if (failure != null && failure.attempts() >= this.parkAfterFailures) {
			logger.warn("Parking {} of order {} after it failed: {}", event.getPayloadType().getSimpleName(), sequence,
					failure.cause().message());
			Instant now = Instant.now();
			this.queue
				.enqueue(sequence, new GenericDeadLetter<EventMessage<?>>(sequence, event, failure.cause(), now, now,
						MetaData.with("attempts", failure.attempts()).and("firstFailure", failure.first().toString())));
			batch.onCommit((committed) -> this.failed.remove(event.getIdentifier()));
			if (parked.add(sequence)) {
				// off the processor's thread: its unit of work is still current there,
				// and a
				// command dispatched in it after commit could not publish its events
				batch.afterCommit((committed) -> CompletableFuture.runAsync(() -> this.onParked.accept(sequence)));
			}
			return null;
		}
		if (parked.contains(sequence)) {
			this.queue.enqueue(sequence, new GenericDeadLetter<EventMessage<?>>(sequence, event));
			return null;
		}
		try {
			Object result = interceptorChain.proceed();
			if (failure != null) {
				// only once it committed: the commands it sent run as the batch commits
				batch.afterCommit((committed) -> this.failed.remove(event.getIdentifier()));
			}
			return result;
		}
		catch (Exception ex) {
			failed(event, ex);
			throw ex;
		}
	}

	/**
	 * Counts a failure of the handling of {@code event} that showed only as its batch was
	 * about to commit: a command its handler sent failed (see {@link SagaCommandBatch}).
	 */
	void failed(EventMessage<?> event, Throwable failure) {
		if (TransientFaults.isTransient(failure)) {
			return;
		}
		Failure again = this.failed.merge(event.getIdentifier(), Failure.first(failure), Failure::again);
		logger.warn("{} of order {} failed on its own account ({} of {} before it is parked): {}",
				event.getPayloadType().getSimpleName(), sequenceOf(event), again.attempts(), this.parkAfterFailures,
				again.cause().message());
	}

	/**
	 * Tells about every order that has parked events, as when it was parked: after a
	 * crash between the parking's commit and the order's rejection, the rejection is sent
	 * again (rejecting is idempotent).
	 */
	public void announceParkedOrders() {
		parkedSequences().forEach(this.onParked);
	}

	/**
	 * Handles the parked events of one order again, in order, through the saga's own
	 * handlers, in one transaction: all of them are handled and removed, or none. The
	 * commands the handlers send are held back and sent as it commits, in the same global
	 * order of aggregates as a batch of the processor's ({@link SagaCommandBatch}): sent
	 * as the handlers went (products before the customer, when an order's reservations
	 * are given back), they would lock aggregates crosswise to a batch on another node.
	 * @return whether there was anything to retry for that order
	 */
	public boolean retry(String sequence, EventHandlerInvoker invoker, TransactionManager transactionManager) {
		UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
		unitOfWork.attachTransaction(transactionManager);
		// a failed command fails the retry as a whole, which the caller is told
		SagaCommandBatch.holdCommandsOf(unitOfWork, (cause, failure, deadlock) -> {
		});
		return unitOfWork.executeWithResult(() -> this.queue.process(
				(letter) -> sequence.equals(letter.message() == null ? null : sequenceOf(letter.message())),
				(letter) -> {
					handleAgain(letter, invoker);
					return Decisions.evict();
				}), (ex) -> true)
			.getPayload();
	}

	private static void handleAgain(DeadLetter<? extends EventMessage<?>> letter, EventHandlerInvoker invoker) {
		try {
			invoker.handle(letter.message(), Segment.ROOT_SEGMENT);
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Retrying a parked event failed: " + ex.getMessage(), ex);
		}
	}

	/** The order an event belongs to. */
	static String sequenceOf(EventMessage<?> event) {
		try {
			Object payload = event.getPayload();
			if (payload != null && payload.getClass().isRecord()) {
				for (RecordComponent component : payload.getClass().getRecordComponents()) {
					if (component.getName().equals(OrderSaga.ORDER_ID)
							&& component.getAccessor().invoke(payload) instanceof OrderId orderId) {
						return orderId.value();
					}
				}
			}
		}
		catch (ReflectiveOperationException | RuntimeException unreadable) {
			// sequenced by its aggregate below
		}
		if (event instanceof DomainEventMessage<?> domainEvent) {
			return domainEvent.getAggregateIdentifier();
		}
		return event.getIdentifier();
	}

	private Set<String> parkedSequences() {
		return new HashSet<>(this.parkedSequences.get());
	}

	private static Set<String> sequencesIn(SequencedDeadLetterQueue<EventMessage<?>> queue) {
		Set<String> sequences = new HashSet<>();
		queue.deadLetters()
			.forEach((sequence) -> sequence.forEach((letter) -> sequences.add(sequenceOf(letter.message()))));
		return sequences;
	}

	/** How often and since when one event's handling has failed on its own account. */
	private record Failure(Cause cause, int attempts, Instant first) {

		static Failure first(Throwable failure) {
			return new Failure(ParkingPolicy.causeOf(failure), 1, Instant.now());
		}

		Failure again(Failure next) {
			return new Failure(next.cause(), this.attempts + 1, this.first);
		}

	}

}
