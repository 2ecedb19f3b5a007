package dev.ordersonaxon.saga;

import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.InMemorySequencedDeadLetterQueue;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * When the saga parks an event: only after it failed on its own account several times in
 * a row, never for a transient fault, and not after it was once handled.
 */
class SagaDeadLettersTest {

	private static final String ORDER = "order-1";

	private final InMemorySequencedDeadLetterQueue<EventMessage<?>> queue = InMemorySequencedDeadLetterQueue
		.defaultQueue();

	private final CompletableFuture<String> rejected = new CompletableFuture<>();

	private final SagaDeadLetters deadLetters = new SagaDeadLetters(this.queue, this.rejected::complete, 3);

	private final EventMessage<?> event = new GenericDomainEventMessage<>("Order", ORDER, 0, "placed");

	private final AtomicInteger handled = new AtomicInteger();

	@Test
	void parksAnEventOnlyAfterItFailedOnItsOwnAccountThreeTimesInARow() throws Exception {
		for (int attempt = 1; attempt <= 3; attempt++) {
			assertThatThrownBy(() -> handleInBatch(failingWith(new IllegalStateException("poison"))))
				.hasMessage("poison");
			assertThat(this.queue.amountOfSequences()).as("parked after %d failures", attempt).isZero();
		}

		handleInBatch(failingWith(new IllegalStateException("poison")));

		assertThat(this.handled).as("handled again when parked").hasValue(3);
		assertThat(parkedMessages()).containsExactly(this.event.getIdentifier());
		DeadLetter<? extends EventMessage<?>> letter = this.queue.deadLetterSequence(ORDER).iterator().next();
		assertThat(letter.cause()).hasValueSatisfying((cause) -> {
			assertThat(cause.type()).isEqualTo(IllegalStateException.class.getName());
			assertThat(cause.message()).isEqualTo("poison");
		});
		assertThat(letter.diagnostics().get("attempts")).isEqualTo(3);
		assertThat(this.rejected.get(10, TimeUnit.SECONDS)).isEqualTo(ORDER);
	}

	@Test
	void forgetsEarlierFailuresOnceTheEventIsHandled() throws Exception {
		for (int attempt = 1; attempt <= 2; attempt++) {
			assertThatThrownBy(() -> handleInBatch(failingWith(new IllegalStateException("looked like poison"))));
		}
		handleInBatch(succeeding());
		for (int attempt = 1; attempt <= 2; attempt++) {
			assertThatThrownBy(() -> handleInBatch(failingWith(new IllegalStateException("looked like poison"))));
		}

		handleInBatch(succeeding());

		assertThat(this.queue.amountOfSequences()).isZero();
		assertThat(this.handled).hasValue(6);
		assertThat(this.rejected).isNotDone();
	}

	@Test
	void neverParksForATransientFault() throws Exception {
		for (int attempt = 1; attempt <= 10; attempt++) {
			assertThatThrownBy(() -> handleInBatch(failingWith(new IllegalStateException("command failed",
					new SQLTransientConnectionException("connection is not available")))));
		}

		assertThat(this.queue.amountOfSequences()).isZero();
		assertThat(this.handled).hasValue(10);
	}

	@Test
	void parksTheLaterEventsOfAnOrderBehindItsParkedOne() throws Exception {
		for (int attempt = 1; attempt <= 4; attempt++) {
			try {
				handleInBatch(failingWith(new IllegalStateException("poison")));
			}
			catch (IllegalStateException expected) {
				// parked on the fourth
			}
		}
		EventMessage<?> later = new GenericDomainEventMessage<>("Order", ORDER, 1, "approved");
		EventMessage<?> otherOrder = new GenericDomainEventMessage<>("Order", "order-2", 0, "placed");

		handleInBatch(later, succeeding());
		handleInBatch(otherOrder, succeeding());

		assertThat(parkedMessages()).containsExactly(this.event.getIdentifier(), later.getIdentifier());
		assertThat(this.handled).as("the other order's event is handled").hasValue(4);
	}

	@Test
	void refusesToParkBeforeTheFirstFailure() {
		assertThatThrownBy(() -> new SagaDeadLetters(this.queue, (order) -> {
		}, 0)).isInstanceOf(IllegalArgumentException.class);
	}

	private List<String> parkedMessages() {
		List<String> parked = new ArrayList<>();
		this.queue.deadLetterSequence(ORDER).forEach((letter) -> parked.add(letter.message().getIdentifier()));
		return parked;
	}

	private void handleInBatch(InterceptorChain chain) throws Exception {
		handleInBatch(this.event, chain);
	}

	private void handleInBatch(EventMessage<?> message, InterceptorChain chain) throws Exception {
		UnitOfWork<EventMessage<?>> batch = DefaultUnitOfWork.startAndGet(message);
		try {
			this.deadLetters.interceptor().handle(batch, chain);
		}
		catch (Exception ex) {
			batch.rollback(ex);
			throw ex;
		}
		batch.commit();
	}

	private InterceptorChain failingWith(Exception failure) {
		return () -> {
			this.handled.incrementAndGet();
			throw failure;
		};
	}

	private InterceptorChain succeeding() {
		return () -> {
			this.handled.incrementAndGet();
			return null;
		};
	}

}
