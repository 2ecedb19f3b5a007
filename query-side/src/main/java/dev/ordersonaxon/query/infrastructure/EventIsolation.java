package dev.ordersonaxon.query.infrastructure;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.eventhandling.ErrorContext;
import org.axonframework.eventhandling.ErrorHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ordersonaxon.eventstore.faults.TransientFaults;

/**
 * Finds the event behind a failed batch so that it alone is parked.
 * <p>
 * Projections buffer their view writes and send them in one JDBC batch when the
 * processor's batch commits ({@link BatchedWrites}). A write that the database refuses (a
 * value the column cannot hold, say) therefore fails the whole batch, after every handler
 * has returned, where Axon's dead-lettering invoker cannot tell which event it was. When
 * a batch fails for a reason that is not transient, its events are remembered, the batch
 * rolls back and the processor tries it again (after a second); this time each of those
 * events writes straight through in a savepoint of its own, so a refused write fails in
 * its handler, only its own changes are undone, and the dead-lettering invoker parks it
 * and goes on with the next. Events handled again from the dead-letter queue are always
 * isolated this way. A transient failure is only retried.
 */
public final class EventIsolation implements ErrorHandler {

	private static final Logger logger = LoggerFactory.getLogger(EventIsolation.class);

	private static final String ISOLATED = EventIsolation.class.getName() + ".isolated";

	/** Per processor, the events of its failed batches not yet handled since. */
	private final Map<String, Set<String>> suspects = new ConcurrentHashMap<>();

	/** Whether the event being handled writes straight through, in a savepoint. */
	public static boolean isolated() {
		return CurrentUnitOfWork.isStarted() && Boolean.TRUE.equals(CurrentUnitOfWork.get().getResource(ISOLATED));
	}

	@Override
	public void handleError(ErrorContext context) throws Exception {
		if (!TransientFaults.isTransient(context.error())) {
			Set<String> events = this.suspects.computeIfAbsent(context.eventProcessor(),
					(processor) -> ConcurrentHashMap.newKeySet());
			context.failedEvents().forEach((event) -> events.add(event.getIdentifier()));
			logger.warn(
					"A batch of {} event(s) of '{}' failed ({}); retrying them one at a time to park the failing one",
					context.failedEvents().size(), context.eventProcessor(), context.error().toString());
		}
		PropagatingErrorHandler.instance().handleError(context);
	}

	/** Marks each event the processor handles as isolated or not. */
	public MessageHandlerInterceptor<EventMessage<?>> interceptor(String processor) {
		return (unitOfWork, chain) -> {
			String event = unitOfWork.getMessage().getIdentifier();
			Set<String> events = this.suspects.get(processor);
			boolean suspect = events != null && events.contains(event);
			boolean retryingParked = unitOfWork.getResource(DeadLetter.class.getName()) != null;
			unitOfWork.resources().put(ISOLATED, suspect || retryingParked);
			if (suspect) {
				unitOfWork.afterCommit((committed) -> events.remove(event));
			}
			return chain.proceed();
		};
	}

}
