package dev.ordersonaxon.command.order;

import static org.hamcrest.Matchers.containsString;

import java.util.List;
import java.util.stream.IntStream;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ordersonaxon.api.CommandRefusedException;
import dev.ordersonaxon.api.ErrorCode;
import dev.ordersonaxon.api.Limits;
import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.ApproveOrderCommand;
import dev.ordersonaxon.api.order.CancelOrderCommand;
import dev.ordersonaxon.api.order.OrderApprovedEvent;
import dev.ordersonaxon.api.order.OrderCancelledEvent;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.order.OrderRejectedEvent;
import dev.ordersonaxon.api.order.OrderStatus;
import dev.ordersonaxon.api.order.PlaceOrderCommand;
import dev.ordersonaxon.api.order.RejectOrderCommand;
import dev.ordersonaxon.api.order.RejectionReason;
import dev.ordersonaxon.api.product.ProductId;

class OrderTest {

	private static final OrderId ORDER = new OrderId("order-1");

	private static final CustomerId CUSTOMER = new CustomerId("customer-1");

	private static final OrderLine TEAPOTS = new OrderLine(new ProductId("teapot"), 2, Money.of("9.99"));

	private static final OrderLine CUPS = new OrderLine(new ProductId("cup"), 3, Money.of("2.50"));

	private static final List<OrderLine> LINES = List.of(TEAPOTS, CUPS);

	private static final OrderPlacedEvent PLACED = new OrderPlacedEvent(ORDER, CUSTOMER, LINES, Money.of("27.48"));

	private FixtureConfiguration<Order> fixture;

	@BeforeEach
	void setUp() {
		this.fixture = new AggregateTestFixture<>(Order.class);
	}

	@Test
	void placesOrderWithTotalOfAllLines() {
		this.fixture.givenNoPriorActivity()
			.when(new PlaceOrderCommand(ORDER, CUSTOMER, LINES))
			.expectSuccessfulHandlerExecution()
			.expectEvents(PLACED);
	}

	@Test
	void placesOrderForFreeProducts() {
		OrderLine freebie = new OrderLine(new ProductId("sticker"), 1, Money.ZERO);
		this.fixture.givenNoPriorActivity()
			.when(new PlaceOrderCommand(ORDER, CUSTOMER, List.of(freebie)))
			.expectEvents(new OrderPlacedEvent(ORDER, CUSTOMER, List.of(freebie), Money.ZERO));
	}

	@Test
	void refusesOrderWithoutLines() {
		expectInvalidPlacement(List.of(), "line");
	}

	@Test
	void refusesOrderLineWithZeroQuantity() {
		expectInvalidPlacement(List.of(TEAPOTS, new OrderLine(new ProductId("cup"), 0, Money.of("2.50"))), "quantity");
	}

	@Test
	void refusesOrderLineWithNegativeUnitPrice() {
		expectInvalidPlacement(List.of(new OrderLine(new ProductId("cup"), 1, Money.of("-2.50"))), "unitPrice");
	}

	@Test
	void refusesOrderLineWithoutUnitPrice() {
		expectInvalidPlacement(List.of(new OrderLine(new ProductId("cup"), 1, null)), "unitPrice");
	}

	@Test
	void refusesOrderLineWithoutProduct() {
		expectInvalidPlacement(List.of(new OrderLine(null, 1, Money.of("2.50"))), "productId");
	}

	@Test
	void placesTheLargestOrder() {
		List<OrderLine> lines = List.of(
				new OrderLine(new ProductId("gold"), Limits.MAX_QUANTITY, Money.of("999999.99")),
				new OrderLine(new ProductId("box"), 1, Money.of("10000.00")));
		this.fixture.givenNoPriorActivity()
			.when(new PlaceOrderCommand(ORDER, CUSTOMER, lines))
			.expectEvents(new OrderPlacedEvent(ORDER, CUSTOMER, lines, Limits.MAX_AMOUNT));
	}

	@Test
	void refusesOrderWhoseTotalExceedsTheLargestAmount() {
		// each line is within bounds, their sum is not
		expectInvalidPlacement(
				List.of(new OrderLine(new ProductId("gold"), Limits.MAX_QUANTITY, Money.of("999999.99")),
						new OrderLine(new ProductId("box"), 1, Money.of("10000.01"))),
				"the order total 1000000000000.01 must be at most 1000000000000.00");
	}

	@Test
	void refusesOrderLineWithMoreThanTheLargestQuantity() {
		expectInvalidPlacement(List.of(new OrderLine(new ProductId("cup"), Limits.MAX_QUANTITY + 1, Money.ZERO)),
				"quantity of cup must be from 1 to 1000000");
	}

	@Test
	void refusesOrderLineWhoseUnitPriceExceedsTheLargestAmount() {
		expectInvalidPlacement(List.of(new OrderLine(new ProductId("cup"), 1, Money.of("1000000000000.01"))),
				"unitPrice of cup must be at most 1000000000000.00");
	}

	@Test
	void refusesOrderWithMoreThanTheLargestNumberOfLines() {
		List<OrderLine> lines = IntStream.rangeClosed(0, Limits.MAX_LINES)
			.mapToObj((i) -> new OrderLine(new ProductId("p-" + i), 1, Money.ZERO))
			.toList();
		expectInvalidPlacement(lines, "at most 100 lines");
	}

	@Test
	void refusesOrderNamingSameProductTwice() {
		expectInvalidPlacement(List.of(TEAPOTS, new OrderLine(TEAPOTS.productId(), 1, TEAPOTS.unitPrice())),
				"more than once");
	}

	@Test
	void refusesOrderWithoutCustomer() {
		this.fixture.givenNoPriorActivity()
			.when(new PlaceOrderCommand(ORDER, null, LINES))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND)
			.expectExceptionMessage(containsString("customerId"));
	}

	@Test
	void approvesPendingOrder() {
		this.fixture.given(PLACED).when(new ApproveOrderCommand(ORDER)).expectEvents(new OrderApprovedEvent(ORDER));
	}

	@Test
	void ignoresApprovalOfApprovedOrder() {
		this.fixture.given(PLACED, new OrderApprovedEvent(ORDER))
			.when(new ApproveOrderCommand(ORDER))
			.expectSuccessfulHandlerExecution()
			.expectNoEvents();
	}

	@Test
	void ignoresApprovalOfRejectedOrder() {
		this.fixture.given(PLACED, rejected())
			.when(new ApproveOrderCommand(ORDER))
			.expectSuccessfulHandlerExecution()
			.expectNoEvents();
	}

	@Test
	void ignoresApprovalOfCancelledOrder() {
		this.fixture.given(PLACED, cancelled(OrderStatus.PENDING))
			.when(new ApproveOrderCommand(ORDER))
			.expectSuccessfulHandlerExecution()
			.expectNoEvents();
	}

	@Test
	void rejectsPendingOrder() {
		this.fixture.given(PLACED)
			.when(new RejectOrderCommand(ORDER, RejectionReason.OUT_OF_STOCK))
			.expectEvents(new OrderRejectedEvent(ORDER, RejectionReason.OUT_OF_STOCK));
	}

	@Test
	void refusesRejectionWithoutReason() {
		this.fixture.given(PLACED)
			.when(new RejectOrderCommand(ORDER, null))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND);
	}

	@Test
	void ignoresRejectionOfApprovedOrder() {
		this.fixture.given(PLACED, new OrderApprovedEvent(ORDER))
			.when(new RejectOrderCommand(ORDER, RejectionReason.TIMEOUT))
			.expectSuccessfulHandlerExecution()
			.expectNoEvents();
	}

	@Test
	void ignoresRejectionOfRejectedOrder() {
		this.fixture.given(PLACED, rejected())
			.when(new RejectOrderCommand(ORDER, RejectionReason.TIMEOUT))
			.expectSuccessfulHandlerExecution()
			.expectNoEvents();
	}

	@Test
	void ignoresRejectionOfCancelledOrder() {
		this.fixture.given(PLACED, cancelled(OrderStatus.PENDING))
			.when(new RejectOrderCommand(ORDER, RejectionReason.TIMEOUT))
			.expectSuccessfulHandlerExecution()
			.expectNoEvents();
	}

	@Test
	void cancelsPendingOrder() {
		this.fixture.given(PLACED).when(new CancelOrderCommand(ORDER)).expectEvents(cancelled(OrderStatus.PENDING));
	}

	@Test
	void cancelsApprovedOrderSayingItWasApproved() {
		this.fixture.given(PLACED, new OrderApprovedEvent(ORDER))
			.when(new CancelOrderCommand(ORDER))
			.expectEvents(cancelled(OrderStatus.APPROVED));
	}

	@Test
	void refusesCancellationOfRejectedOrder() {
		this.fixture.given(PLACED, rejected())
			.when(new CancelOrderCommand(ORDER))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.ILLEGAL_STATE)
			.expectExceptionMessage("order order-1 is already REJECTED");
	}

	@Test
	void refusesCancellationOfCancelledOrder() {
		this.fixture.given(PLACED, cancelled(OrderStatus.PENDING))
			.when(new CancelOrderCommand(ORDER))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.ILLEGAL_STATE)
			.expectExceptionMessage("order order-1 is already CANCELLED");
	}

	private void expectInvalidPlacement(List<OrderLine> lines, String complaint) {
		this.fixture.givenNoPriorActivity()
			.when(new PlaceOrderCommand(ORDER, CUSTOMER, lines))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND)
			.expectExceptionMessage(containsString(complaint));
	}

	private static OrderRejectedEvent rejected() {
		return new OrderRejectedEvent(ORDER, RejectionReason.CREDIT_LIMIT_EXCEEDED);
	}

	private static OrderCancelledEvent cancelled(OrderStatus previousStatus) {
		return new OrderCancelledEvent(ORDER, CUSTOMER, LINES, previousStatus);
	}

}
