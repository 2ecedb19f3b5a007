package dev.ordersonaxon.eventstore;

import java.util.List;
import java.util.function.LongPredicate;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

/**
 * An embedded event store that can be told from outside that new events were committed.
 * Axon wakes its event processors only for events appended by this JVM; events another
 * process appended are found on the next poll. A wake-up makes that poll happen now.
 * <p>
 * A notification names the event whose insert sent it. The store's reader is not woken
 * for one it has read already: the command side's store reads right after each of its own
 * commits, so the notification of that commit, arriving after, asked for a read that
 * found nothing; and of a burst of commits, those read by the time their notification
 * comes wake nothing.
 * <p>
 * Every wake-up, by this process's own commit or by a notification, is reported to the
 * reader first, so that it does not answer the read it wakes for from what it knew
 * before.
 */
public class WakeableEventStore extends EmbeddedEventStore {

	private final LongPredicate alreadyRead;

	private final Runnable commitReported;

	/**
	 * A store whose reader is woken by every notification.
	 */
	public WakeableEventStore(Builder builder) {
		this(builder, (globalIndex) -> false, () -> {
		});
	}

	/**
	 * @param alreadyRead whether the store's reader has read the event at a global index
	 * already
	 * @param commitReported told of every commit that wakes the reader, before it wakes
	 */
	public WakeableEventStore(Builder builder, LongPredicate alreadyRead, Runnable commitReported) {
		super(builder);
		this.alreadyRead = alreadyRead;
		this.commitReported = commitReported;
	}

	/**
	 * Makes the event producer fetch from the storage engine now instead of at its next
	 * poll.
	 */
	public void newEventsAvailable() {
		afterCommit(List.of());
	}

	/**
	 * Wakes the event producer for notifications of committed events, each carrying the
	 * global index of one, unless it has read every one of those already. No
	 * notifications at all (the listener has just connected and may have missed some) and
	 * a payload that is not an index always wake it.
	 */
	public void committed(List<String> payloads) {
		if (payloads.isEmpty() || !payloads.stream().allMatch(this::read)) {
			newEventsAvailable();
		}
	}

	/**
	 * This process's commits and the notifications that wake the reader: reported first,
	 * then the reader is woken.
	 */
	@Override
	protected final void afterCommit(List<? extends EventMessage<?>> events) {
		this.commitReported.run();
		wakeReader(events);
	}

	/** Wakes the reader, as Axon's store does after a commit of its own. */
	protected void wakeReader(List<? extends EventMessage<?>> events) {
		super.afterCommit(events);
	}

	private boolean read(String payload) {
		try {
			return this.alreadyRead.test(Long.parseLong(payload));
		}
		catch (NumberFormatException ex) {
			// from a trigger older than the payload, or another writer
			return false;
		}
	}

}
