package dev.ordersonaxon.eventstore.deadletters;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessingException;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.ThrowableCause;

import dev.ordersonaxon.eventstore.faults.Causes;
import dev.ordersonaxon.eventstore.faults.TransientFaults;

/**
 * Parks an event whose handling failed for a reason of its own, with the failure's class,
 * its message and the number of attempts so far; a transient fault (see
 * {@link TransientFaults}) is thrown on instead.
 * <p>
 * An event that fails on its own account for the first time is not parked at once: the
 * failure is thrown on until the event has failed that way {@link #DEFAULT_PARK_AFTER a
 * few times}, so that a fault that only looked like the event's own (one that came with a
 * database restart) costs a retry, not a parked sequence. An event that is parked already
 * (an operator's retry failed) is parked again at once.
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

	/** How often a fresh event must fail on its own account before it is parked. */
	public static final int DEFAULT_PARK_AFTER = 3;

	/** Leaves room in the cause column ({@code varchar(1023)}). */
	static final int MAX_MESSAGE_LENGTH = 1000;

	/** Causes whose messages follow the failure's own. */
	private static final int MAX_CAUSES_SHOWN = 5;

	/**
	 * Bounds what is remembered of failures that were not followed by a parking (their
	 * event was handled on a later try): past it, counting starts afresh.
	 */
	private static final int MAX_REMEMBERED = 10_000;

	private final int parkAfter;

	/** Failures of events not parked yet, by event id. */
	private final Map<String, Integer> failures = new ConcurrentHashMap<>();

	/** Parks an event after {@value #DEFAULT_PARK_AFTER} failures in a row. */
	public ParkingPolicy() {
		this(DEFAULT_PARK_AFTER);
	}

	/**
	 * @param parkAfter how often a fresh event must fail on its own account before it is
	 * parked; 1 parks it at its first failure
	 */
	public ParkingPolicy(int parkAfter) {
		if (parkAfter < 1) {
			throw new IllegalArgumentException("parkAfter must be at least 1: " + parkAfter);
		}
		this.parkAfter = parkAfter;
	}

	@Override
	public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
		if (TransientFaults.isTransient(cause)) {
			throw rethrowable(cause);
		}
		int attempts = attempts(letter) + 1;
		if (!letter.diagnostics().containsKey(ATTEMPTS) && letter instanceof GenericDeadLetter) {
			// not from the queue: Axon's invoker made it for a failure just now
			String event = letter.message().getIdentifier();
			if (this.failures.size() >= MAX_REMEMBERED) {
				this.failures.clear();
			}
			attempts = this.failures.merge(event, 1, Integer::sum);
			if (attempts < this.parkAfter) {
				throw rethrowable(cause);
			}
			this.failures.remove(event);
		}
		int counted = attempts;
		return Decisions.enqueue(causeOf(cause), (parked) -> parked.diagnostics().and(ATTEMPTS, counted));
	}

	/**
	 * What an operator is shown of a failure: its class, and its message followed by
	 * those of its causes, so that a wrapper's message (a command that failed, a batch
	 * that was aborted) does not hide what went wrong underneath; cut to fit the column.
	 */
	public static ThrowableCause causeOf(Throwable failure) {
		StringBuilder message = new StringBuilder(String.valueOf(failure.getMessage()));
		for (Throwable cause : Causes.chain(failure).stream().skip(1).limit(MAX_CAUSES_SHOWN).toList()) {
			message.append(" <- ").append(cause.getClass().getSimpleName());
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				message.append(" [").append(sql.getSQLState()).append(']');
			}
			message.append(": ").append(cause.getMessage());
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
