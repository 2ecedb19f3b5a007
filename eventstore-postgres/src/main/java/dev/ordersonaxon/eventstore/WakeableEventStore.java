package dev.ordersonaxon.eventstore;

import java.util.List;

import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

/**
 * An embedded event store that can be told from outside that new events were committed.
 * Axon wakes its event processors only for events appended by this JVM; events another
 * process appended are found on the next poll. A wake-up makes that poll happen now.
 */
public class WakeableEventStore extends EmbeddedEventStore {

	public WakeableEventStore(Builder builder) {
		super(builder);
	}

	/**
	 * Makes the event producer fetch from the storage engine now instead of at its next
	 * poll.
	 */
	public void newEventsAvailable() {
		afterCommit(List.of());
	}

}
