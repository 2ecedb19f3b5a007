package dev.ordersonaxon.eventstore.deadletters;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessingException;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;

import dev.ordersonaxon.eventstore.faults.TransientFaults;

/**
 * Parks an event whose handling failed for a reason of its own, with the failure's class,
 * its message and the number of attempts so far; a transient fault (see
 * {@link TransientFaults}) is thrown on instead.
 * <p>
 * Thrown, not declined: Axon's dead-lettering invoker treats "do not enqueue" as "skip
 * the event", which would leave the view without it for good. Thrown, the fault fails the
 * processor's batch, which rolls back and is tried again with the processor's backoff (1
 * s doubling to 60 s). During an operator's retry it fails the retry, which changes
 * nothing and can be tried again.
 */
public final class ParkingPolicy implements EnqueuePolicy<EventMessage<?>> {

	/** Diagnostics key: how often handling the parked event failed. */
	public static final String ATTEMPTS = "attempts";

	/** Leaves room in the cause column ({@code varchar(1023)}). */
	static final int MAX_MESSAGE_LENGTH = 1000;

	@Override
	public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
		if (TransientFaults.isTransient(cause)) {
			throw rethrowable(cause);
		}
		int attempts = attempts(letter) + 1;
		return Decisions.enqueue(ThrowableCause.truncated(cause, MAX_MESSAGE_LENGTH),
				(parked) -> parked.diagnostics().and(ATTEMPTS, attempts));
	}

	/**
	 * How often handling the letter's event has failed; 0 for one parked behind another.
	 */
	public static int attempts(DeadLetter<?> letter) {
		return (letter.diagnostics().get(ATTEMPTS) instanceof Number attempts) ? attempts.intValue() : 0;
	}

	private static RuntimeException rethrowable(Throwable cause) {
		if (cause instanceof RuntimeException runtime) {
			return runtime;
		}
		if (cause instanceof Error error) {
			throw error;
		}
		return new EventProcessingException("Transient failure, to be retried: " + cause.getMessage(), cause);
	}

}
