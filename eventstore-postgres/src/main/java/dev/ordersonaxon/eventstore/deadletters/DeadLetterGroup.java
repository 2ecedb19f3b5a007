package dev.ordersonaxon.eventstore.deadletters;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;

/**
 * One processing group's parked events and how to handle them again.
 *
 * @param name the processing group
 * @param queue where its events are parked
 * @param retry handles one parked sequence again, through the group's own handlers
 */
public record DeadLetterGroup(String name, SequencedDeadLetterQueue<EventMessage<?>> queue, SequenceRetry retry) {

	/** Handles the parked events of one sequence again, in order. */
	@FunctionalInterface
	public interface SequenceRetry {

		/**
		 * @return whether every parked event of the sequence was handled and removed
		 */
		boolean retry(String sequenceIdentifier);

	}

}
