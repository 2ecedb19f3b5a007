package dev.ordersonaxon.saga;

import java.time.Duration;
import java.util.List;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CreditLimitExceededEvent;
import dev.ordersonaxon.api.customer.CreditReservedEvent;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.customer.ReleaseCreditCommand;
import dev.ordersonaxon.api.customer.ReserveCreditCommand;
import dev.ordersonaxon.api.order.ApproveOrderCommand;
import dev.ordersonaxon.api.order.OrderApprovedEvent;
import dev.ordersonaxon.api.order.OrderCancelledEvent;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.order.OrderRejectedEvent;
import dev.ordersonaxon.api.order.OrderStatus;
import dev.ordersonaxon.api.order.RejectOrderCommand;
import dev.ordersonaxon.api.order.RejectionReason;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.api.product.ReleaseStockCommand;
import dev.ordersonaxon.api.product.ReserveStockCommand;
import dev.ordersonaxon.api.product.StockReservationRejectedEvent;
import dev.ordersonaxon.api.product.StockReservedEvent;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.saga.ContinuedGivenState;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class OrderSagaTest {

	private static final OrderId ORDER = new OrderId("order-1");

	private static final CustomerId CUSTOMER = new CustomerId("customer-1");

	private static final OrderLine KEYBOARD = new OrderLine(new ProductId("keyboard"), 2, Money.of("49.50"));

	private static final OrderLine MOUSE = new OrderLine(new ProductId("mouse"), 1, Money.of("25.00"));

	private static final OrderLine SCREEN = new OrderLine(new ProductId("screen"), 1, Money.of("199.99"));

	private static final Money TOTAL = Money.of("323.99");

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private SagaTestFixture<OrderSaga> fixture;

	private RecordingOrderTimeouts timeouts;

	@BeforeEach
	void setUp() throws Exception {
		this.timeouts = new RecordingOrderTimeouts();
		this.fixture = new SagaTestFixture<>(OrderSaga.class);
		this.fixture.registerResource(OrderSagaProperties.defaults());
		this.fixture.registerResource(this.timeouts);
	}

	@Test
	void reservesCreditAndSchedulesTheTimeoutWhenOrderIsPlaced() throws Exception {
		this.fixture.givenNoPriorActivity()
			.whenPublishingA(placed())
			.expectActiveSagas(1)
			.expectAssociationWith(OrderSaga.ORDER_ID, ORDER)
			.expectDispatchedCommands(new ReserveCreditCommand(CUSTOMER, ORDER, TOTAL));
		assertThat(this.timeouts.scheduled()).containsExactly(entry(ORDER, TIMEOUT));
	}

	@Test
	void keepsTheFirstTimeoutWhenOrderPlacedIsDeliveredAgain() throws Exception {
		this.fixture.givenAPublished(placed())
			.whenPublishingA(placed())
			.expectActiveSagas(1)
			.expectNoDispatchedCommands();
		assertThat(this.timeouts.scheduled()).containsExactly(entry(ORDER, TIMEOUT));
	}

	@Test
	void reservesStockForEveryLineAtOnceWhenCreditIsReserved() throws Exception {
		this.fixture.givenAPublished(placed())
			.whenPublishingA(creditReserved())
			.expectActiveSagas(1)
			.expectDispatchedCommands(reserveStock(KEYBOARD), reserveStock(MOUSE), reserveStock(SCREEN));
	}

	@Test
	void approvesOrderWhenAllThreeLinesAreReserved() throws Exception {
		this.fixture.givenAPublished(placed())
			.andThenAPublished(creditReserved())
			.andThenAPublished(stockReserved(SCREEN))
			.andThenAPublished(stockReserved(KEYBOARD))
			.whenPublishingA(stockReserved(MOUSE))
			.expectActiveSagas(1)
			.expectDispatchedCommands(new ApproveOrderCommand(ORDER));
	}

	@Test
	void endsAndCancelsTheTimeoutWhenOrderIsApproved() throws Exception {
		givenAllReserved().whenPublishingA(new OrderApprovedEvent(ORDER))
			.expectActiveSagas(0)
			.expectNoDispatchedCommands();
		assertThat(this.timeouts.cancelled()).containsExactly(ORDER);
	}

	@Test
	void rejectsOrderWhenCreditLimitExceeded() throws Exception {
		this.fixture.givenAPublished(placed())
			.whenPublishingA(new CreditLimitExceededEvent(CUSTOMER, ORDER, TOTAL, Money.of("100.00")))
			.expectActiveSagas(1)
			.expectDispatchedCommands(reject(RejectionReason.CREDIT_LIMIT_EXCEEDED));
	}

	@Test
	void endsWhenOrderIsRejectedForCreditLimitWithNothingToGiveBack() throws Exception {
		this.fixture.givenAPublished(placed())
			.andThenAPublished(new CreditLimitExceededEvent(CUSTOMER, ORDER, TOTAL, Money.of("100.00")))
			.whenPublishingA(rejected(RejectionReason.CREDIT_LIMIT_EXCEEDED))
			.expectActiveSagas(0)
			.expectNoDispatchedCommands();
		assertThat(this.timeouts.cancelled()).containsExactly(ORDER);
	}

	@Test
	void rejectsOrderWhenCustomerIsUnknown() throws Exception {
		this.fixture.setCallbackBehavior((command, metaData) -> {
			if (command instanceof ReserveCreditCommand reserve) {
				throw new AggregateNotFoundException(reserve.customerId().value(), "no such customer");
			}
			return null;
		});
		this.fixture.givenNoPriorActivity()
			.whenPublishingA(placed())
			.expectActiveSagas(1)
			.expectDispatchedCommands(new ReserveCreditCommand(CUSTOMER, ORDER, TOTAL),
					reject(RejectionReason.UNKNOWN_CUSTOMER));
	}

	@Test
	void endsWhenOrderIsRejectedForUnknownCustomerWithoutWaitingForCredit() throws Exception {
		this.fixture.givenAPublished(placed())
			.whenPublishingA(rejected(RejectionReason.UNKNOWN_CUSTOMER))
			.expectActiveSagas(0)
			.expectNoDispatchedCommands();
		assertThat(this.timeouts.cancelled()).containsExactly(ORDER);
	}

	@Test
	void releasesFirstLineAndCreditThenRejectsWhenSecondLineIsOutOfStock() throws Exception {
		this.fixture.givenAPublished(placed())
			.andThenAPublished(creditReserved())
			.andThenAPublished(stockReserved(KEYBOARD))
			.whenPublishingA(stockRefused(MOUSE, RejectionReason.OUT_OF_STOCK))
			.expectActiveSagas(1)
			.expectDispatchedCommands(releaseStock(KEYBOARD), releaseCredit(), reject(RejectionReason.OUT_OF_STOCK));
	}

	@Test
	void releasesThirdLineConfirmedAfterSecondWasRefused() throws Exception {
		this.fixture.givenAPublished(placed())
			.andThenAPublished(creditReserved())
			.andThenAPublished(stockReserved(KEYBOARD))
			.andThenAPublished(stockRefused(MOUSE, RejectionReason.OUT_OF_STOCK))
			.whenPublishingA(stockReserved(SCREEN))
			.expectActiveSagas(1)
			.expectDispatchedCommands(releaseStock(SCREEN));
	}

	@Test
	void endsOnRejectionOnceEveryLineWasAnswered() throws Exception {
		this.fixture.givenAPublished(placed())
			.andThenAPublished(creditReserved())
			.andThenAPublished(stockReserved(KEYBOARD))
			.andThenAPublished(stockRefused(MOUSE, RejectionReason.OUT_OF_STOCK))
			.andThenAPublished(stockReserved(SCREEN))
			.whenPublishingA(rejected(RejectionReason.OUT_OF_STOCK))
			.expectActiveSagas(0)
			.expectNoDispatchedCommands();
		assertThat(this.timeouts.cancelled()).containsExactly(ORDER);
	}

	@Test
	void releasesCreditAndRejectsWhenPriceChanged() throws Exception {
		this.fixture.givenAPublished(placed())
			.andThenAPublished(creditReserved())
			.whenPublishingA(stockRefused(SCREEN, RejectionReason.PRICE_CHANGED))
			.expectDispatchedCommands(releaseCredit(), reject(RejectionReason.PRICE_CHANGED));
	}

	@Test
	void rejectsOnlyForTheFirstRefusal() throws Exception {
		this.fixture.givenAPublished(placed())
			.andThenAPublished(creditReserved())
			.andThenAPublished(stockRefused(SCREEN, RejectionReason.PRICE_CHANGED))
			.whenPublishingA(stockRefused(KEYBOARD, RejectionReason.OUT_OF_STOCK))
			.expectActiveSagas(1)
			.expectNoDispatchedCommands();
	}

	@Test
	void rejectsOrderWhenProductIsUnknown() throws Exception {
		givenUnknownProduct(MOUSE);
		this.fixture.givenAPublished(placed())
			.whenPublishingA(creditReserved())
			.expectDispatchedCommands(reserveStock(KEYBOARD), reserveStock(MOUSE),
					reject(RejectionReason.UNKNOWN_PRODUCT), reserveStock(SCREEN));
	}

	@Test
	void givesBackEverythingAskedForAndEndsWhenAnUnknownProductRejectsTheOrder() throws Exception {
		// the unknown product never answers; the others' answers were stored with the
		// requests, so releasing them gives back exactly what they hold
		givenUnknownProduct(MOUSE);
		this.fixture.givenAPublished(placed())
			.andThenAPublished(creditReserved())
			.andThenAPublished(stockReserved(KEYBOARD))
			.whenPublishingA(rejected(RejectionReason.UNKNOWN_PRODUCT))
			.expectActiveSagas(0)
			.expectDispatchedCommands(releaseStock(KEYBOARD), releaseCredit(), releaseStock(MOUSE),
					releaseStock(SCREEN));
		assertThat(this.timeouts.cancelled()).containsExactly(ORDER);
	}

	@Test
	void givesBackHeldAndUnansweredReservationsWhenTheOrderTimesOut() throws Exception {
		this.fixture.givenAPublished(placed())
			.andThenAPublished(creditReserved())
			.andThenAPublished(stockReserved(MOUSE))
			.whenPublishingA(rejected(RejectionReason.TIMEOUT))
			.expectActiveSagas(0)
			// keyboard and screen were asked for: their answers may be stored and queued
			.expectDispatchedCommands(releaseStock(MOUSE), releaseCredit(), releaseStock(KEYBOARD),
					releaseStock(SCREEN));
		assertThat(this.timeouts.cancelled()).containsExactly(ORDER);
	}

	@Test
	void givesBackCreditStillUnansweredWhenTheOrderTimesOut() throws Exception {
		this.fixture.givenAPublished(placed())
			.whenPublishingA(rejected(RejectionReason.TIMEOUT))
			.expectActiveSagas(0)
			.expectDispatchedCommands(releaseCredit());
	}

	@Test
	void ignoresAnswersThatArriveAfterTheOrderTimedOut() throws Exception {
		// the saga gave them back already when the timeout rejected the order
		this.fixture.givenAPublished(placed())
			.andThenAPublished(creditReserved())
			.andThenAPublished(rejected(RejectionReason.TIMEOUT))
			.whenPublishingA(stockReserved(KEYBOARD))
			.expectActiveSagas(0)
			.expectNoDispatchedCommands();
	}

	@Test
	void onlyRejectsTheOrderWhenALegacyDeadlineFires() {
		// deadlines scheduled by releases before 0.2; the rejection brings the saga back
		OrderSaga saga = new OrderSaga();
		saga.on(placed(), new RecordingCommandGateway(), this.timeouts, OrderSagaProperties.defaults());
		RecordingCommandGateway gateway = new RecordingCommandGateway();

		saga.on(new OrderTimeout(ORDER), gateway);

		assertThat(gateway.sent()).containsExactly(reject(RejectionReason.TIMEOUT));
	}

	@Test
	void waitsForTheCreditAnswerWhenCancelledWhileAwaitingCredit() throws Exception {
		this.fixture.givenAPublished(placed())
			.whenPublishingA(cancelled(OrderStatus.PENDING))
			.expectActiveSagas(1)
			.expectNoDispatchedCommands();
	}

	@Test
	void releasesCreditReservedAfterCancellationAndEnds() throws Exception {
		this.fixture.givenAPublished(placed())
			.andThenAPublished(cancelled(OrderStatus.PENDING))
			.whenPublishingA(creditReserved())
			.expectActiveSagas(0)
			.expectDispatchedCommands(releaseCredit());
		assertThat(this.timeouts.cancelled()).containsExactly(ORDER);
	}

	@Test
	void endsWithoutRejectingWhenCreditIsRefusedAfterCancellation() throws Exception {
		this.fixture.givenAPublished(placed())
			.andThenAPublished(cancelled(OrderStatus.PENDING))
			.whenPublishingA(new CreditLimitExceededEvent(CUSTOMER, ORDER, TOTAL, Money.ZERO))
			.expectActiveSagas(0)
			.expectNoDispatchedCommands();
		assertThat(this.timeouts.cancelled()).containsExactly(ORDER);
	}

	@Test
	void givesBackWhatIsHeldWhenCancelledWhileReservingStock() throws Exception {
		this.fixture.givenAPublished(placed())
			.andThenAPublished(creditReserved())
			.andThenAPublished(stockReserved(KEYBOARD))
			.whenPublishingA(cancelled(OrderStatus.PENDING))
			.expectActiveSagas(1)
			.expectDispatchedCommands(releaseStock(KEYBOARD), releaseCredit());
	}

	@Test
	void endsWhenTheLastAnswerArrivesAfterCancellation() throws Exception {
		this.fixture.givenAPublished(placed())
			.andThenAPublished(creditReserved())
			.andThenAPublished(stockReserved(KEYBOARD))
			.andThenAPublished(cancelled(OrderStatus.PENDING))
			.andThenAPublished(stockReserved(MOUSE))
			.whenPublishingA(stockRefused(SCREEN, RejectionReason.OUT_OF_STOCK))
			.expectActiveSagas(0)
			.expectNoDispatchedCommands();
		assertThat(this.timeouts.cancelled()).containsExactly(ORDER);
	}

	@Test
	void givesEverythingBackWhenCancelledWithApprovalPending() throws Exception {
		givenAllReserved().whenPublishingA(cancelled(OrderStatus.PENDING))
			.expectActiveSagas(0)
			.expectDispatchedCommands(releaseStock(KEYBOARD), releaseStock(MOUSE), releaseStock(SCREEN),
					releaseCredit());
		assertThat(this.timeouts.cancelled()).containsExactly(ORDER);
	}

	@Test
	void leavesCancellationAfterApprovalToTheCancellationHandler() throws Exception {
		givenAllReserved().andThenAPublished(new OrderApprovedEvent(ORDER))
			.whenPublishingA(cancelled(OrderStatus.APPROVED))
			.expectActiveSagas(0)
			.expectNoDispatchedCommands();
	}

	@Test
	void ignoresARedeliveredOrderPlaced() throws Exception {
		this.fixture.givenAPublished(placed())
			.whenPublishingA(placed())
			.expectActiveSagas(1)
			.expectNoDispatchedCommands();
	}

	@Test
	void ignoresADuplicateCreditReserved() throws Exception {
		this.fixture.givenAPublished(placed())
			.andThenAPublished(creditReserved())
			.whenPublishingA(creditReserved())
			.expectNoDispatchedCommands();
	}

	@Test
	void ignoresADuplicateStockConfirmation() throws Exception {
		this.fixture.givenAPublished(placed())
			.andThenAPublished(creditReserved())
			.andThenAPublished(stockReserved(KEYBOARD))
			.andThenAPublished(stockReserved(MOUSE))
			.whenPublishingA(stockReserved(MOUSE))
			.expectNoDispatchedCommands();
	}

	@Test
	void approvesOnceWhenTheLastStockConfirmationIsDuplicated() throws Exception {
		givenAllReserved().whenPublishingA(stockReserved(SCREEN)).expectNoDispatchedCommands();
	}

	@Test
	void releasesStockOnceWhenALateConfirmationIsDuplicated() throws Exception {
		this.fixture.givenAPublished(placed())
			.andThenAPublished(creditReserved())
			.andThenAPublished(stockRefused(KEYBOARD, RejectionReason.OUT_OF_STOCK))
			.andThenAPublished(stockReserved(MOUSE))
			.whenPublishingA(stockReserved(MOUSE))
			.expectNoDispatchedCommands();
	}

	@Test
	void ignoresAnswersForProductsNotInTheOrder() throws Exception {
		OrderLine stranger = new OrderLine(new ProductId("stranger"), 1, Money.of("1.00"));
		this.fixture.givenAPublished(placed())
			.andThenAPublished(creditReserved())
			.andThenAPublished(stockReserved(KEYBOARD))
			.andThenAPublished(stockReserved(MOUSE))
			.whenPublishingA(stockReserved(stranger))
			.expectNoDispatchedCommands();
	}

	@Test
	void takesTheTimeoutFromTheProperties() throws Exception {
		SagaTestFixture<OrderSaga> fixture = new SagaTestFixture<>(OrderSaga.class);
		fixture
			.registerResource(new OrderSagaProperties(Duration.ofSeconds(5), null, null, null, null, null, null, null));
		fixture.registerResource(this.timeouts);
		fixture.givenNoPriorActivity().whenPublishingA(placed()).expectActiveSagas(1);
		assertThat(this.timeouts.scheduled()).containsExactly(entry(ORDER, Duration.ofSeconds(5)));
	}

	private ContinuedGivenState givenAllReserved() {
		return this.fixture.givenAPublished(placed())
			.andThenAPublished(creditReserved())
			.andThenAPublished(stockReserved(KEYBOARD))
			.andThenAPublished(stockReserved(MOUSE))
			.andThenAPublished(stockReserved(SCREEN));
	}

	private void givenUnknownProduct(OrderLine line) {
		this.fixture.setCallbackBehavior((command, metaData) -> {
			if (command instanceof ReserveStockCommand reserve && reserve.productId().equals(line.productId())) {
				throw new AggregateNotFoundException(reserve.productId().value(), "no such product");
			}
			return null;
		});
	}

	private static OrderPlacedEvent placed() {
		return new OrderPlacedEvent(ORDER, CUSTOMER, List.of(KEYBOARD, MOUSE, SCREEN), TOTAL);
	}

	private static CreditReservedEvent creditReserved() {
		return new CreditReservedEvent(CUSTOMER, ORDER, TOTAL);
	}

	private static StockReservedEvent stockReserved(OrderLine line) {
		return new StockReservedEvent(line.productId(), ORDER, line.quantity());
	}

	private static StockReservationRejectedEvent stockRefused(OrderLine line, RejectionReason reason) {
		return new StockReservationRejectedEvent(line.productId(), ORDER, line.quantity(), reason);
	}

	private static OrderRejectedEvent rejected(RejectionReason reason) {
		return new OrderRejectedEvent(ORDER, reason);
	}

	private static OrderCancelledEvent cancelled(OrderStatus previousStatus) {
		return new OrderCancelledEvent(ORDER, CUSTOMER, List.of(KEYBOARD, MOUSE, SCREEN), previousStatus);
	}

	private static ReserveStockCommand reserveStock(OrderLine line) {
		return new ReserveStockCommand(line.productId(), ORDER, line.quantity(), line.unitPrice());
	}

	private static ReleaseStockCommand releaseStock(OrderLine line) {
		return new ReleaseStockCommand(line.productId(), ORDER);
	}

	private static ReleaseCreditCommand releaseCredit() {
		return new ReleaseCreditCommand(CUSTOMER, ORDER);
	}

	private static RejectOrderCommand reject(RejectionReason reason) {
		return new RejectOrderCommand(ORDER, reason);
	}

}
