package dev.ordersonaxon.saga;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.customer.ReleaseCreditCommand;
import dev.ordersonaxon.api.customer.ReserveCreditCommand;
import dev.ordersonaxon.api.order.ApproveOrderCommand;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.RejectOrderCommand;
import dev.ordersonaxon.api.order.RejectionReason;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.api.product.ReleaseStockCommand;
import dev.ordersonaxon.api.product.ReserveStockCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SagaCommandBatchTest {

	private static final OrderId ORDER_1 = new OrderId("order-1");

	private static final OrderId ORDER_2 = new OrderId("order-2");

	private final List<Failure> failures = new ArrayList<>();

	private final List<Failure> handlerFailures = new ArrayList<>();

	private final List<Object> sentDuringHandling = new ArrayList<>();

	@Test
	void sendsTheCommandsOfABatchAsItCommitsCustomersThenProductsThenOrders() throws Exception {
		RecordingCommandGateway gateway = new RecordingCommandGateway();
		Object approve = new ApproveOrderCommand(ORDER_2);
		Object stockB = new ReserveStockCommand(new ProductId("b"), ORDER_1, 1, Money.of(new BigDecimal("1.00")));
		Object stockA = new ReleaseStockCommand(new ProductId("a"), ORDER_2);
		Object creditZed = new ReserveCreditCommand(new CustomerId("zed"), ORDER_1, Money.of(new BigDecimal("1.00")));
		Object creditAnn = new ReleaseCreditCommand(new CustomerId("ann"), ORDER_2);

		handleBatch(gateway, (event) -> {
			if (event.getPayload().equals("first")) {
				SagaCommands.send(gateway, approve);
				SagaCommands.send(gateway, stockB);
			}
			else {
				SagaCommands.release(gateway, stockA);
				SagaCommands.send(gateway, creditZed);
				SagaCommands.release(gateway, creditAnn);
			}
			this.sentDuringHandling.addAll(payloads(gateway));
		}, "first", "second");

		assertThat(this.sentDuringHandling).isEmpty();
		assertThat(payloads(gateway)).containsExactly(creditAnn, creditZed, stockA, stockB, approve);
	}

	@Test
	void keepsTheOrderInWhichOneAggregateWasSentCommands() throws Exception {
		RecordingCommandGateway gateway = new RecordingCommandGateway();
		Object reserve = new ReserveCreditCommand(new CustomerId("ann"), ORDER_1, Money.of(new BigDecimal("1.00")));
		Object release = new ReleaseCreditCommand(new CustomerId("ann"), ORDER_1);

		handleBatch(gateway,
				(event) -> SagaCommands.send(gateway, event.getPayload().equals("first") ? reserve : release), "first",
				"second");

		assertThat(payloads(gateway)).containsExactly(reserve, release);
	}

	@Test
	void sendsTheFollowUpOfAMissingAggregateAfterEveryOtherCommand() throws Exception {
		Object reserve = new ReserveCreditCommand(new CustomerId("ghost"), ORDER_1, Money.of(new BigDecimal("1.00")));
		Object reject = new RejectOrderCommand(ORDER_1, RejectionReason.UNKNOWN_CUSTOMER);
		Object stock = new ReserveStockCommand(new ProductId("b"), ORDER_2, 1, Money.of(new BigDecimal("1.00")));
		Object missingRelease = new ReleaseStockCommand(new ProductId("gone"), ORDER_2);
		RecordingCommandGateway gateway = new RecordingCommandGateway()
			.answering((command) -> isFor(command, reserve) || isFor(command, missingRelease)
					? CompletableFuture.failedFuture(new AggregateNotFoundException("x", "missing"))
					: CompletableFuture.completedFuture(null));

		handleBatch(gateway, (event) -> {
			SagaCommands.send(gateway, reserve, reject);
			SagaCommands.release(gateway, missingRelease);
			SagaCommands.send(gateway, stock);
		}, "only");

		assertThat(payloads(gateway)).containsExactly(reserve, stock, missingRelease, reject);
		assertThat(this.failures).isEmpty();
	}

	@Test
	void aFailingCommandFailsTheBatchAndIsCountedAgainstTheEventThatSentIt() {
		Object reserve = new ReserveCreditCommand(new CustomerId("ann"), ORDER_1, Money.of(new BigDecimal("1.00")));
		Object approve = new ApproveOrderCommand(ORDER_2);
		RecordingCommandGateway gateway = new RecordingCommandGateway().answering((command) -> isFor(command, reserve)
				? CompletableFuture.failedFuture(new IllegalStateException("refused"))
				: CompletableFuture.completedFuture(null));
		List<UnitOfWork.Phase> ended = new ArrayList<>();

		assertThatThrownBy(() -> handleBatch(gateway, (event) -> {
			CurrentUnitOfWork.get().onRollback((rolledBack) -> ended.add(UnitOfWork.Phase.ROLLBACK));
			SagaCommands.send(gateway, event.getPayload().equals("placed") ? reserve : approve);
		}, "approved", "placed")).isInstanceOf(SagaCommands.SagaCommandFailedException.class)
			.hasRootCauseMessage("refused");

		assertThat(ended).isNotEmpty();
		assertThat(this.failures).singleElement().satisfies((failure) -> {
			assertThat(failure.cause().getPayload()).isEqualTo("placed");
			assertThat(failure.deadlock()).isFalse();
		});
	}

	@Test
	void aCommandCarriesTheCorrelationDataOfTheEventThatSentIt() throws Exception {
		RecordingCommandGateway gateway = new RecordingCommandGateway();
		List<EventMessage<?>> events = new ArrayList<>();

		handleBatch(gateway, (event) -> {
			events.add(event);
			SagaCommands.send(gateway, new ApproveOrderCommand(new OrderId("order-" + event.getPayload())));
		}, "1", "2");

		assertThat(gateway.sent()).hasSize(2).allSatisfy((sent) -> {
			CommandMessage<?> command = (CommandMessage<?>) sent;
			String orderId = ((ApproveOrderCommand) command.getPayload()).orderId().value();
			EventMessage<?> cause = events.get(orderId.equals("order-1") ? 0 : 1);
			assertThat(command.getMetaData()).containsEntry("traceId", cause.getMetaData().get("traceId"))
				.containsEntry("correlationId", cause.getIdentifier());
		});
	}

	@Test
	void handsWhatTheCommandsPublishedBackToTheChainRoundAfterRoundUntilNothingIsSent() throws Exception {
		Object reserve = new ReserveCreditCommand(new CustomerId("ann"), ORDER_1, Money.of(new BigDecimal("1.00")));
		Object stock = new ReserveStockCommand(new ProductId("b"), ORDER_1, 1, Money.of(new BigDecimal("1.00")));
		Object approve = new ApproveOrderCommand(ORDER_1);
		RecordingCommandGateway gateway = new RecordingCommandGateway().answering(SagaCommandBatchTest::publishAnswer);
		List<Object> handedBack = new ArrayList<>();

		handleBatch(gateway, (event) -> SagaCommands.send(gateway, reserve), (answer) -> {
			handedBack.add(answer.getPayload());
			if (answer.getPayload().equals(reserve + " done")) {
				SagaCommands.send(gateway, stock);
			}
			else if (answer.getPayload().equals(stock + " done")) {
				SagaCommands.send(gateway, approve);
			}
		}, "placed");

		assertThat(payloads(gateway)).containsExactly(reserve, stock, approve);
		assertThat(handedBack).containsExactly(reserve + " done", stock + " done", approve + " done");
		assertThat(this.failures).isEmpty();
	}

	@Test
	void aCommandSentForAnAnswerThatFailsIsCountedAgainstTheStreamsEventThatBeganTheChain() {
		Object reserve = new ReserveCreditCommand(new CustomerId("ann"), ORDER_1, Money.of(new BigDecimal("1.00")));
		Object approve = new ApproveOrderCommand(ORDER_1);
		RecordingCommandGateway gateway = new RecordingCommandGateway().answering((command) -> isFor(command, approve)
				? CompletableFuture.failedFuture(new IllegalStateException("refused")) : publishAnswer(command));

		assertThatThrownBy(() -> handleBatch(gateway, (event) -> SagaCommands.send(gateway, reserve),
				(answer) -> SagaCommands.send(gateway, approve), "placed"))
			.isInstanceOf(SagaCommands.SagaCommandFailedException.class)
			.hasRootCauseMessage("refused");

		assertThat(this.failures).singleElement()
			.satisfies((failure) -> assertThat(failure.cause().getPayload()).isEqualTo("placed"));
	}

	@Test
	void aHandlerFailingOnAnAnswerIsCountedAgainstTheStreamsEventThatBeganTheChain() {
		Object reserve = new ReserveCreditCommand(new CustomerId("ann"), ORDER_1, Money.of(new BigDecimal("1.00")));
		RecordingCommandGateway gateway = new RecordingCommandGateway().answering(SagaCommandBatchTest::publishAnswer);

		assertThatThrownBy(() -> handleBatch(gateway, (event) -> SagaCommands.send(gateway, reserve), (answer) -> {
			throw new IllegalStateException("poison");
		}, "placed")).hasMessage("poison");

		assertThat(this.handlerFailures).singleElement()
			.satisfies((failure) -> assertThat(failure.cause().getPayload()).isEqualTo("placed"));
		assertThat(this.failures).isEmpty();
	}

	@Test
	void tellsTheChainHowManyOfARoundsEventsItSaw() throws Exception {
		Object reserve = new ReserveCreditCommand(new CustomerId("ann"), ORDER_1, Money.of(new BigDecimal("1.00")));
		Object stock = new ReserveStockCommand(new ProductId("b"), ORDER_1, 1, Money.of(new BigDecimal("1.00")));
		List<String> rounds = new ArrayList<>();
		SagaCommandBatch.Chain chain = new SagaCommandBatch.Chain() {

			@Override
			public void handle(EventMessage<?> event) {
			}

			@Override
			public void roundSent(int commands, int answers) {
				rounds.add(commands + " sent, " + answers + " seen");
			}

		};
		// the stock's event goes unseen, as with another monitor on the event store
		RecordingCommandGateway gateway = new RecordingCommandGateway().answering(
				(command) -> isFor(command, stock) ? CompletableFuture.completedFuture(null) : publishAnswer(command));

		handleBatch(gateway, (event) -> {
			SagaCommands.send(gateway, reserve);
			SagaCommands.send(gateway, stock);
		}, chain, "placed");

		assertThat(rounds).containsExactly("2 sent, 1 seen");
	}

	@Test
	void leavesWhatTheCommandsPublishedToTheStreamWithoutAChain() throws Exception {
		Object reserve = new ReserveCreditCommand(new CustomerId("ann"), ORDER_1, Money.of(new BigDecimal("1.00")));
		RecordingCommandGateway gateway = new RecordingCommandGateway().answering(SagaCommandBatchTest::publishAnswer);

		handleBatch(gateway, (event) -> SagaCommands.send(gateway, reserve), "placed");

		assertThat(payloads(gateway)).containsExactly(reserve);
	}

	/**
	 * Answers a command as the command bus would after its aggregate published an event.
	 */
	private static CompletableFuture<Object> publishAnswer(Object command) {
		SagaCommandBatch.ANSWERS
			.onMessageIngested(GenericEventMessage.asEventMessage(((Message<?>) command).getPayload() + " done"));
		return CompletableFuture.completedFuture(null);
	}

	@Test
	void recognisesDeadlocksOfAxonAndOfPostgres() {
		assertThat(SagaCommandBatch.isDeadlock(new org.axonframework.common.lock.DeadlockException("cycle"))).isTrue();
		assertThat(SagaCommandBatch
			.isDeadlock(new RuntimeException(new java.sql.SQLException("deadlock detected", "40P01")))).isTrue();
		assertThat(SagaCommandBatch.isDeadlock(new IllegalStateException("other"))).isFalse();
	}

	private void handleBatch(RecordingCommandGateway gateway, Consumer<EventMessage<?>> handler, String... payloads)
			throws Exception {
		handleBatch(gateway, handler, null, payloads);
	}

	private void handleBatch(RecordingCommandGateway gateway, Consumer<EventMessage<?>> handler,
			SagaCommandBatch.Chain chain, String... payloads) throws Exception {
		List<EventMessage<?>> events = new ArrayList<>();
		for (String payload : payloads) {
			events.add(GenericEventMessage.asEventMessage(payload)
				.andMetaData(java.util.Map.of("traceId", "trace-" + payload)));
		}
		BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(events);
		batch.registerCorrelationDataProvider(new org.axonframework.messaging.correlation.MessageOriginProvider());
		ResultMessage<?> result = batch.executeWithResult(() -> new DefaultInterceptorChain<EventMessage<?>>(batch,
				List.of(SagaCommandBatch.interceptor(new SagaCommandBatch.Failures() {

					@Override
					public void failed(EventMessage<?> cause, Throwable failure, boolean deadlock) {
						SagaCommandBatchTest.this.failures.add(new Failure(cause, failure, deadlock));
					}

					@Override
					public void handlerFailed(EventMessage<?> cause, Throwable failure) {
						SagaCommandBatchTest.this.handlerFailures.add(new Failure(cause, failure, false));
					}

				}, (unitOfWork) -> chain)), (event) -> {
					handler.accept(event);
					return null;
				})
			.proceed());
		if (result.isExceptional()) {
			throw (Exception) result.exceptionResult();
		}
	}

	private static List<Object> payloads(RecordingCommandGateway gateway) {
		return gateway.sent().stream().<Object>map((sent) -> ((Message<?>) sent).getPayload()).toList();
	}

	private static boolean isFor(Object sent, Object command) {
		return ((Message<?>) sent).getPayload().equals(command);
	}

	private record Failure(EventMessage<?> cause, Throwable failure, boolean deadlock) {

	}

}
