package dev.ordersonaxon.saga;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.ordersonaxon.eventstore.faults.Causes;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends commands from event and deadline handlers without ever waiting for them. A
 * command may target an aggregate that does not exist; that failure is answered with
 * another command, because only an event can tell the saga about it.
 * <p>
 * While the saga's processor handles a batch, or parked events are retried, commands are
 * held back and sent just before the transaction commits, in a global order of the
 * aggregates they lock ({@link SagaCommandBatch}); anywhere else (a deadline, a test)
 * they are sent at once.
 */
final class SagaCommands {

	private static final Logger logger = LoggerFactory.getLogger(SagaCommands.class);

	private SagaCommands() {
	}

	static void send(CommandGateway gateway, Object command) {
		send(gateway, command, null);
	}

	/**
	 * Sends {@code command}; if its aggregate does not exist, sends {@code onNotFound}
	 * instead (when given). Any other failure that is known as soon as the command
	 * returns (the in-process command bus) is rethrown, so that the handler (or the
	 * batch) fails and its event is retried as a whole. A failure reported later (a
	 * retrying gateway, a distributed bus) can only be logged; the saga's deadline is the
	 * safety net then.
	 */
	static void send(CommandGateway gateway, Object command, Object onNotFound) {
		Optional<SagaCommandBatch> batch = SagaCommandBatch.current();
		if (batch.isPresent()) {
			batch.get().add(gateway, command, onNotFound, false);
			return;
		}
		dispatch(gateway, command, (onNotFound != null) ? () -> send(gateway, onNotFound) : null);
	}

	/**
	 * Sends a release. An aggregate that does not exist holds nothing, so for a release
	 * "not found" is success, not a failure to retry.
	 */
	static void release(CommandGateway gateway, Object command) {
		Optional<SagaCommandBatch> batch = SagaCommandBatch.current();
		if (batch.isPresent()) {
			batch.get().add(gateway, command, null, true);
			return;
		}
		dispatch(gateway, command, () -> {
		});
	}

	private static void dispatch(CommandGateway gateway, Object command, Runnable onNotFound) {
		CompletableFuture<Object> result = gateway.send(command);
		if (result.isDone()) {
			Throwable failure = result.handle((ignored, thrown) -> thrown).join();
			if (failure == null) {
				return;
			}
			if (onNotFound != null && isNotFound(failure)) {
				onNotFound.run();
				return;
			}
			throw new SagaCommandFailedException(command, failure);
		}
		result.whenComplete((ignored, failure) -> {
			if (failure == null) {
				return;
			}
			if (onNotFound != null && isNotFound(failure)) {
				try {
					onNotFound.run();
				}
				catch (RuntimeException ex) {
					logger.error("Could not follow up on {} for a missing aggregate", command, ex);
				}
			}
			else {
				logger.error("Command {} failed", command, failure);
			}
		});
	}

	static boolean isNotFound(Throwable failure) {
		return Causes.anyMatch(failure, AggregateNotFoundException.class::isInstance);
	}

	/** A command sent by a handler failed; the message being handled must be retried. */
	static final class SagaCommandFailedException extends RuntimeException {

		SagaCommandFailedException(Object command, Throwable cause) {
			super("Command failed: " + command, cause);
		}

	}

}
