package dev.ordersonaxon.eventstore.deadletters;

import java.time.Instant;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;

/**
 * One parked event as operators see it. Only the first letter of a sequence failed; the
 * ones behind it wait for it and have no cause and no attempts.
 *
 * @param group the processing group that parked it
 * @param sequenceIdentifier what orders it among the group's events (the aggregate id)
 * @param eventType simple name of the event's payload class
 * @param aggregateIdentifier the aggregate that emitted it, if any
 * @param sequenceNumber its number in that aggregate's stream, if any
 * @param attempts how often handling it failed: when it was parked and at every retry
 * @param cause the last failure, or {@code null} for a letter waiting behind another
 */
public record DeadLetterItem(String group, String sequenceIdentifier, String eventIdentifier, String eventType,
		String aggregateIdentifier, Long sequenceNumber, Instant enqueuedAt, Instant lastTouched, int attempts,
		DeadLetterCause cause) {

	static DeadLetterItem of(String group, DeadLetter<? extends EventMessage<?>> letter) {
		EventMessage<?> event = letter.message();
		String aggregate = null;
		Long sequenceNumber = null;
		if (event instanceof DomainEventMessage<?> domainEvent) {
			aggregate = domainEvent.getAggregateIdentifier();
			sequenceNumber = domainEvent.getSequenceNumber();
		}
		DeadLetterCause cause = letter.cause().map((c) -> new DeadLetterCause(c.type(), c.message())).orElse(null);
		return new DeadLetterItem(group, DeadLetters.sequenceIdentifierOf(letter), event.getIdentifier(),
				event.getPayloadType().getSimpleName(), aggregate, sequenceNumber, letter.enqueuedAt(),
				letter.lastTouched(), ParkingPolicy.attempts(letter), cause);
	}

}
