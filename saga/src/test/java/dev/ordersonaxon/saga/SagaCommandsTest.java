package dev.ordersonaxon.saga;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.RejectOrderCommand;
import dev.ordersonaxon.api.order.RejectionReason;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SagaCommandsTest {

	private static final String COMMAND = "reserve";

	private static final RejectOrderCommand REJECT = new RejectOrderCommand(new OrderId("order-1"),
			RejectionReason.UNKNOWN_PRODUCT);

	@Test
	void sendsTheFallbackWhenTheTargetDoesNotExist() {
		RecordingCommandGateway gateway = new RecordingCommandGateway().answering((command) -> COMMAND.equals(command)
				? CompletableFuture.failedFuture(notFound()) : CompletableFuture.completedFuture(null));

		SagaCommands.send(gateway, COMMAND, REJECT);

		assertThat(gateway.sent()).containsExactly(COMMAND, REJECT);
	}

	@Test
	void sendsTheFallbackWhenANotFoundArrivesLater() {
		CompletableFuture<Object> pending = new CompletableFuture<>();
		RecordingCommandGateway gateway = new RecordingCommandGateway()
			.answering((command) -> COMMAND.equals(command) ? pending : CompletableFuture.completedFuture(null));

		SagaCommands.send(gateway, COMMAND, REJECT);
		assertThat(gateway.sent()).containsExactly(COMMAND);

		pending.completeExceptionally(new CompletionException(notFound()));
		assertThat(gateway.sent()).containsExactly(COMMAND, REJECT);
	}

	@Test
	void failsTheHandlerWhenACommandFailsForAnyOtherReason() {
		RecordingCommandGateway gateway = new RecordingCommandGateway()
			.answering((command) -> CompletableFuture.failedFuture(new IllegalStateException("deadlock")));

		assertThatThrownBy(() -> SagaCommands.send(gateway, COMMAND, REJECT))
			.isInstanceOf(SagaCommands.SagaCommandFailedException.class)
			.hasRootCauseMessage("deadlock");
		assertThat(gateway.sent()).containsExactly(COMMAND);
	}

	@Test
	void failsTheHandlerWhenATargetIsMissingAndThereIsNoFallback() {
		RecordingCommandGateway gateway = new RecordingCommandGateway()
			.answering((command) -> CompletableFuture.failedFuture(notFound()));

		assertThatThrownBy(() -> SagaCommands.send(gateway, COMMAND))
			.isInstanceOf(SagaCommands.SagaCommandFailedException.class);
	}

	@Test
	void doesNotWaitForACommandThatIsStillRunning() {
		RecordingCommandGateway gateway = new RecordingCommandGateway()
			.answering((command) -> new CompletableFuture<>());

		SagaCommands.send(gateway, COMMAND, REJECT);

		assertThat(gateway.sent()).containsExactly(COMMAND);
	}

	@Test
	void recognisesAMissingAggregateAnywhereInTheCauseChain() {
		assertThat(SagaCommands.isNotFound(notFound())).isTrue();
		assertThat(SagaCommands.isNotFound(new CommandExecutionException("wrapped", notFound()))).isTrue();
		assertThat(SagaCommands.isNotFound(new CompletionException(new RuntimeException(notFound())))).isTrue();
		assertThat(SagaCommands.isNotFound(new IllegalStateException("other"))).isFalse();
	}

	private static AggregateNotFoundException notFound() {
		return new AggregateNotFoundException("missing", "no such aggregate");
	}

}
