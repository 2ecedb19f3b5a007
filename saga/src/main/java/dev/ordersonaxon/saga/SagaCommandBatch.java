package dev.ordersonaxon.saga;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import dev.ordersonaxon.api.customer.ReleaseCreditCommand;
import dev.ordersonaxon.api.customer.ReserveCreditCommand;
import dev.ordersonaxon.api.order.ApproveOrderCommand;
import dev.ordersonaxon.api.order.RejectOrderCommand;
import dev.ordersonaxon.api.product.ReleaseStockCommand;
import dev.ordersonaxon.api.product.ReserveStockCommand;
import dev.ordersonaxon.eventstore.faults.Causes;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.lock.DeadlockException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.ExecutionResult;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitorCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commands the saga's handlers send while its processor works through a batch of
 * events, held back until the batch is about to commit and then sent in one order that
 * every thread on every node follows: customers by id, then products by id, then orders
 * by id.
 * <p>
 * The commands run in the batch's transaction, so the saga's state, its token and every
 * event its commands append still commit as one; each command holds its aggregate (Axon's
 * lock, the event store's unique key on the aggregate's next sequence number and, with
 * several segments, the command side's advisory lock on it) until then. Sent as the
 * handlers went, two segments' batches would take those locks in the order their events
 * happened to come, and deadlock. In one global order they cannot: a thread only ever
 * waits for a customer or product ranked above every one it holds, and an order is only
 * ever taken by the segment its saga belongs to, or by a lone command (a request, a
 * timeout) that holds nothing else while it waits.
 * <p>
 * A command whose aggregate does not exist is answered by its follow-up (rejecting the
 * order), sent after all the others for the same reason. A command that fails otherwise
 * fails the batch; the failure is reported against the event whose handler sent the
 * command, so that {@link SagaDeadLetters} can park that event if it keeps failing.
 * <p>
 * Where the batch's thread is the only one that runs the saga (a processor of one
 * segment), the events its commands publish are handed back to the saga at once, in the
 * same transaction ({@link Chain}), and the commands those handlers send are sent in
 * turn, until none is left: an order is decided in the batch that saw it placed, its saga
 * started and ended there, so neither the saga nor its timeout is ever written. The
 * events are still stored and come by in the stream later, where the saga, ended or past
 * that step, passes over them. The rounds lock customers and products out of the global
 * order, which is safe only while no other thread takes more than one of them at once:
 * with several segments there is no chain.
 */
final class SagaCommandBatch {

	private static final Logger logger = LoggerFactory.getLogger(SagaCommandBatch.class);

	private static final String RESOURCE = SagaCommandBatch.class.getName();

	private static final String DEADLOCK_DETECTED = "40P01";

	private static final Comparator<Pending> LOCK_ORDER = Comparator.comparing(Pending::lock, Lock.ORDER);

	/**
	 * To be put on the event store: passes each event published while a batch sends a
	 * command to that batch, which hands it back to the saga; it records nothing else.
	 */
	static final MessageMonitor<Message<?>> ANSWERS = (message) -> {
		if (message instanceof EventMessage<?> event) {
			current().ifPresent((batch) -> batch.published(event));
		}
		return NoOpMessageMonitorCallback.INSTANCE;
	};

	/**
	 * Rounds of answers handed back in one batch at most; the saga's steps take three.
	 * Answers beyond them come by in the stream.
	 */
	static final int MAX_ROUNDS = 16;

	private final List<Pending> pending = new ArrayList<>();

	private final Failures failures;

	private final Chain chain;

	/** What the command being sent published, while answers are wanted. */
	private List<Answer> answers;

	private Pending sending;

	/** The stream's event a chained handler is answering for, while it runs. */
	private EventMessage<?> chainedFor;

	private SagaCommandBatch(Failures failures, Chain chain) {
		this.failures = failures;
		this.chain = chain;
	}

	/**
	 * What holds back the commands of each batch, to be put on the saga's processor and
	 * on no other.
	 * @param failures told about every command that failed the batch
	 * @param chains the chain that answers the batch's commands at once, or null where
	 * the batch must leave the answers to the stream
	 */
	static MessageHandlerInterceptor<EventMessage<?>> interceptor(Failures failures,
			Function<UnitOfWork<?>, Chain> chains) {
		return (unitOfWork, chain) -> {
			UnitOfWork<?> batch = unitOfWork.root();
			if (batch.getResource(RESOURCE) == null) {
				holdCommandsOf(batch, failures, chains.apply(batch));
			}
			return chain.proceed();
		};
	}

	/**
	 * Holds back the commands sent in {@code batch}, a root unit of work, until it is
	 * about to commit; nothing is done if they are held already. Their answers come by in
	 * the stream.
	 * @param failures told about every command that failed the batch
	 */
	static void holdCommandsOf(UnitOfWork<?> batch, Failures failures) {
		holdCommandsOf(batch, failures, null);
	}

	private static void holdCommandsOf(UnitOfWork<?> batch, Failures failures, Chain chain) {
		if (batch.getResource(RESOURCE) != null) {
			return;
		}
		SagaCommandBatch commands = new SagaCommandBatch(failures, chain);
		batch.resources().put(RESOURCE, commands);
		batch.onPrepareCommit((committing) -> commands.dispatch());
		batch.onRollback((rolledBack) -> {
			ExecutionResult result = rolledBack.getExecutionResult();
			if (result != null && result.isExceptionResult() && lostRace(result.getExceptionResult())) {
				failures.lostRace();
			}
		});
	}

	/**
	 * The batch being handled on this thread, if the saga's processor is handling one.
	 */
	static Optional<SagaCommandBatch> current() {
		if (!CurrentUnitOfWork.isStarted()) {
			return Optional.empty();
		}
		return Optional.ofNullable(CurrentUnitOfWork.get().root().getResource(RESOURCE));
	}

	/**
	 * Holds {@code command} back until the batch commits. The messages are made now, so
	 * that they carry the correlation data (trace, principal) of the event being handled.
	 * @param onNotFound sent instead if the command's aggregate does not exist; none when
	 * a missing aggregate is a failure
	 * @param release whether a missing aggregate means there is nothing to give back
	 */
	void add(CommandGateway gateway, Object command, Object onNotFound, boolean release) {
		// none in a unit of work started without a message (a parked event's retry)
		EventMessage<?> cause = (this.chainedFor != null) ? this.chainedFor
				: (CurrentUnitOfWork.get().getMessage() instanceof EventMessage<?> event) ? event : null;
		this.pending.add(new Pending(gateway, GenericCommandMessage.asCommandMessage(command),
				(onNotFound != null) ? GenericCommandMessage.asCommandMessage(onNotFound) : null, release, cause));
	}

	private void dispatch() {
		int rounds = 0;
		while (!this.pending.isEmpty()) {
			List<Pending> commands = new ArrayList<>(this.pending);
			this.pending.clear();
			commands.sort(LOCK_ORDER);
			boolean chained = this.chain != null && rounds++ < MAX_ROUNDS;
			this.answers = chained ? new ArrayList<>() : null;
			List<Answer> answered;
			try {
				List<Pending> followUps = new ArrayList<>();
				commands.forEach((command) -> send(command, followUps));
				followUps.sort(LOCK_ORDER);
				followUps.forEach((followUp) -> send(followUp, null));
			}
			finally {
				answered = this.answers;
				this.answers = null;
				this.sending = null;
			}
			if (chained) {
				this.chain.roundSent(commands.size(), answered.size());
				answered.forEach(this::handOver);
			}
		}
	}

	private void published(EventMessage<?> event) {
		if (this.answers != null && this.sending != null) {
			this.answers.add(new Answer(event, this.sending.cause()));
		}
	}

	private void handOver(Answer answer) {
		this.chainedFor = answer.cause();
		try {
			this.chain.handle(answer.event());
		}
		catch (RuntimeException ex) {
			this.failures.handlerFailed(answer.cause(), ex);
			throw ex;
		}
		finally {
			this.chainedFor = null;
		}
	}

	private void send(Pending command, List<Pending> followUps) {
		this.sending = command;
		CompletableFuture<Object> result = command.gateway().send(command.message());
		if (!result.isDone()) {
			// retried on another thread after losing a race with another node, in a
			// transaction of its own: the saga's deadline is the safety net
			result.whenComplete((ignored, failure) -> {
				if (failure != null) {
					logger.error("Command {} failed", command.message().getPayload(), failure);
				}
			});
			return;
		}
		Throwable failure = result.handle((ignored, thrown) -> thrown).join();
		if (failure == null) {
			return;
		}
		if (SagaCommands.isNotFound(failure)) {
			if (command.release()) {
				return;
			}
			if (command.onNotFound() != null && followUps != null) {
				followUps.add(new Pending(command.gateway(), command.onNotFound(), null, false, command.cause()));
				return;
			}
		}
		SagaCommands.SagaCommandFailedException failed = new SagaCommands.SagaCommandFailedException(
				command.message().getPayload(), failure);
		this.failures.failed(command.cause(), failed, isDeadlock(failure));
		throw failed;
	}

	/**
	 * Whether the failure is a lost race: another writer stored the next event of an
	 * aggregate first (the event store's unique key refused this one).
	 */
	static boolean lostRace(Throwable failure) {
		return Causes.anyMatch(failure, ConcurrencyException.class::isInstance);
	}

	/** Whether the failure is a deadlock, as Axon's lock or PostgreSQL detected it. */
	static boolean isDeadlock(Throwable failure) {
		return Causes.anyMatch(failure, (cause) -> cause instanceof DeadlockException
				|| (cause instanceof SQLException sql && DEADLOCK_DETECTED.equals(sql.getSQLState())));
	}

	/** Told about each command that failed its batch. */
	@FunctionalInterface
	interface Failures {

		/**
		 * @param cause the event whose handler sent the command
		 * @param failure why it failed
		 * @param deadlock whether it was a deadlock, which this order of locks rules out
		 */
		void failed(EventMessage<?> cause, Throwable failure, boolean deadlock);

		/**
		 * A handler failed on an event handed back to it in the batch.
		 * @param cause the stream's event that led to the event handed back
		 * @param failure why it failed
		 */
		default void handlerFailed(EventMessage<?> cause, Throwable failure) {
		}

		/**
		 * A batch rolled back because another writer stored the next event of one of its
		 * aggregates first; its segment tries it again after the processor's backoff.
		 */
		default void lostRace() {
		}

	}

	/**
	 * Hands an event that a batch's command published back to the saga, in the batch's
	 * transaction.
	 */
	@FunctionalInterface
	interface Chain {

		void handle(EventMessage<?> event);

		/**
		 * A round of commands was sent, and this many of the events they published were
		 * seen: none at all, round after round, means the event store no longer reports
		 * them through {@link #ANSWERS}.
		 */
		default void roundSent(int commands, int answers) {
		}

	}

	/** An event a command published, with the stream's event that led to the command. */
	private record Answer(EventMessage<?> event, EventMessage<?> cause) {

	}

	private record Pending(CommandGateway gateway, CommandMessage<?> message, CommandMessage<?> onNotFound,
			boolean release, EventMessage<?> cause) {

		Lock lock() {
			return Lock.of(this.message.getPayload());
		}

	}

	/**
	 * The aggregate a command locks, ranked by type: customers, then products, then
	 * orders, which only the segment owning the order's saga ever locks among others.
	 */
	record Lock(int rank, String id) {

		static final Comparator<Lock> ORDER = Comparator.comparingInt(Lock::rank).thenComparing(Lock::id);

		static Lock of(Object command) {
			if (command instanceof ReserveCreditCommand reserve) {
				return new Lock(0, reserve.customerId().value());
			}
			if (command instanceof ReleaseCreditCommand release) {
				return new Lock(0, release.customerId().value());
			}
			if (command instanceof ReserveStockCommand reserve) {
				return new Lock(1, reserve.productId().value());
			}
			if (command instanceof ReleaseStockCommand release) {
				return new Lock(1, release.productId().value());
			}
			if (command instanceof ApproveOrderCommand approve) {
				return new Lock(2, approve.orderId().value());
			}
			if (command instanceof RejectOrderCommand reject) {
				return new Lock(2, reject.orderId().value());
			}
			throw new IllegalArgumentException("No lock order for " + command.getClass().getName()
					+ ": rank its aggregate in SagaCommandBatch.Lock before the saga sends it");
		}

	}

}
