package dev.ordersonaxon.eventstore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WakeableEventStoreTest {

	@Test
	void wakesItsReaderForANotificationOfAnEventItHasNotReadAndOnlyThen() {
		// it has read everything up to index 7
		CountingStore store = new CountingStore((globalIndex) -> globalIndex <= 7);
		try {
			store.committed(List.of("5", "7"));
			assertThat(store.wakeUps).hasValue(0);

			store.committed(List.of("7", "8"));
			assertThat(store.wakeUps).hasValue(1);
		}
		finally {
			store.shutDown();
		}
	}

	@Test
	void wakesItsReaderWhenItCannotTellWhatIsNew() {
		CountingStore store = new CountingStore((globalIndex) -> true);
		try {
			// the listener has just connected
			store.committed(List.of());
			// a trigger that names no index
			store.committed(List.of(""));
			store.committed(List.of("5", "not an index"));

			assertThat(store.wakeUps).hasValue(3);
		}
		finally {
			store.shutDown();
		}
	}

	@Test
	void reportsEachCommitThatWakesItsReaderBeforeWakingIt() {
		List<String> happened = new ArrayList<>();
		WakeableEventStore store = new WakeableEventStore(
				EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()),
				(globalIndex) -> globalIndex <= 7, () -> happened.add("reported")) {
			@Override
			protected void wakeReader(List<? extends EventMessage<?>> events) {
				happened.add("woken");
				super.wakeReader(events);
			}
		};
		try {
			store.committed(List.of("7"));
			assertThat(happened).isEmpty();

			store.committed(List.of("8"));
			assertThat(happened).containsExactly("reported", "woken");

			// this process's own commit
			happened.clear();
			store.publish(GenericEventMessage.asEventMessage("payload"));
			assertThat(happened).containsExactly("reported", "woken");
		}
		finally {
			store.shutDown();
		}
	}

	/** The store, counting the wake-ups of its reader. */
	private static final class CountingStore extends WakeableEventStore {

		final AtomicInteger wakeUps = new AtomicInteger();

		CountingStore(LongPredicate alreadyRead) {
			super(EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()), alreadyRead, () -> {
			});
		}

		@Override
		protected void wakeReader(List<? extends EventMessage<?>> events) {
			this.wakeUps.incrementAndGet();
		}

	}

}
