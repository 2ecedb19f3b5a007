package dev.ordersonaxon.eventstore.deadletters;

import java.sql.SQLException;

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
		return Decisions.enqueue(causeOf(cause), (parked) -> parked.diagnostics().and(ATTEMPTS, attempts));
	}

	/**
	 * What an operator is shown of a failure: its class, and its message followed by
	 * those of its causes, so that a wrapper's message (a command that failed, a batch
	 * that was aborted) does not hide what went wrong underneath; cut to fit the column.
	 */
	public static ThrowableCause causeOf(Throwable failure) {
		StringBuilder message = new StringBuilder(String.valueOf(failure.getMessage()));
		Throwable cause = failure.getCause();
		for (int depth = 0; cause != null && cause != failure && depth < 5; depth++) {
			message.append(" <- ").append(cause.getClass().getSimpleName());
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				message.append(" [").append(sql.getSQLState()).append(']');
			}
			message.append(": ").append(cause.getMessage());
			cause = (cause.getCause() != cause) ? cause.getCause() : null;
		}
		String text = (message.length() > MAX_MESSAGE_LENGTH) ? message.substring(0, MAX_MESSAGE_LENGTH)
				: message.toString();
		return new ThrowableCause(failure.getClass().getName(), text);
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
