package dev.ordersonaxon.command.product;

import static org.hamcrest.Matchers.containsString;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ordersonaxon.api.CommandRefusedException;
import dev.ordersonaxon.api.ErrorCode;
import dev.ordersonaxon.api.Limits;
import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.RejectionReason;
import dev.ordersonaxon.api.product.CreateProductCommand;
import dev.ordersonaxon.api.product.ProductCreatedEvent;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.api.product.ProductRestockedEvent;
import dev.ordersonaxon.api.product.ReleaseStockCommand;
import dev.ordersonaxon.api.product.ReserveStockCommand;
import dev.ordersonaxon.api.product.RestockProductCommand;
import dev.ordersonaxon.api.product.StockReleasedEvent;
import dev.ordersonaxon.api.product.StockReservationRejectedEvent;
import dev.ordersonaxon.api.product.StockReservedEvent;

class ProductTest {

	private static final ProductId PRODUCT = new ProductId("product-1");

	private static final OrderId ORDER = new OrderId("order-1");

	private static final OrderId OTHER_ORDER = new OrderId("order-2");

	private static final Money PRICE = Money.of("9.99");

	private FixtureConfiguration<Product> fixture;

	@BeforeEach
	void setUp() {
		this.fixture = new AggregateTestFixture<>(Product.class);
	}

	@Test
	void createsProductWithPriceAndStock() {
		this.fixture.givenNoPriorActivity()
			.when(new CreateProductCommand(PRODUCT, "Teapot", PRICE, 5))
			.expectSuccessfulHandlerExecution()
			.expectEvents(new ProductCreatedEvent(PRODUCT, "Teapot", PRICE, 5));
	}

	@Test
	void createsFreeProductWithoutStock() {
		this.fixture.givenNoPriorActivity()
			.when(new CreateProductCommand(PRODUCT, "Sticker", Money.ZERO, 0))
			.expectEvents(new ProductCreatedEvent(PRODUCT, "Sticker", Money.ZERO, 0));
	}

	@Test
	void refusesProductWithBlankName() {
		this.fixture.givenNoPriorActivity()
			.when(new CreateProductCommand(PRODUCT, " ", PRICE, 5))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND)
			.expectExceptionMessage(containsString("name"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "Tea\u0000pot", "Teapot\r\n", "Teapot\u001B[31m", "Teapot\u0080", "Teapot\uDBFF" })
	void refusesProductWhoseNameHasAControlCharacterOrUnpairedSurrogate(String name) {
		this.fixture.givenNoPriorActivity()
			.when(new CreateProductCommand(PRODUCT, name, PRICE, 5))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND)
			.expectExceptionMessage(containsString("name must not contain control characters"));
	}

	@Test
	void refusesProductWithNameLongerThanTheViewsHold() {
		this.fixture.givenNoPriorActivity()
			.when(new CreateProductCommand(PRODUCT, "t".repeat(201), PRICE, 5))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND)
			.expectExceptionMessage(containsString("name must be at most 200 characters"));
	}

	@Test
	void refusesProductWithNegativePrice() {
		this.fixture.givenNoPriorActivity()
			.when(new CreateProductCommand(PRODUCT, "Teapot", Money.of("-0.01"), 5))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND)
			.expectExceptionMessage(containsString("price"));
	}

	@Test
	void refusesProductWithoutPrice() {
		this.fixture.givenNoPriorActivity()
			.when(new CreateProductCommand(PRODUCT, "Teapot", null, 5))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND);
	}

	@Test
	void refusesProductWithNegativeStock() {
		this.fixture.givenNoPriorActivity()
			.when(new CreateProductCommand(PRODUCT, "Teapot", PRICE, -1))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND)
			.expectExceptionMessage(containsString("stock"));
	}

	@Test
	void restocksProduct() {
		this.fixture.given(created(5))
			.when(new RestockProductCommand(PRODUCT, 3))
			.expectEvents(new ProductRestockedEvent(PRODUCT, 3));
	}

	@Test
	void refusesRestockOfZero() {
		this.fixture.given(created(5))
			.when(new RestockProductCommand(PRODUCT, 0))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND)
			.expectExceptionMessage(containsString("quantity"));
	}

	@Test
	void refusesRestockThatWouldOverflowStock() {
		this.fixture.given(created(Integer.MAX_VALUE), reserved(ORDER, 10))
			.when(new RestockProductCommand(PRODUCT, 1))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND);
	}

	@Test
	void restocksUpToTheLargestStockCountingReservedUnits() {
		this.fixture.given(created(Limits.MAX_STOCK - 100), reserved(ORDER, 60))
			.when(new RestockProductCommand(PRODUCT, 100))
			.expectEvents(new ProductRestockedEvent(PRODUCT, 100));
	}

	@Test
	void refusesRestockBeyondTheLargestStockCountingReservedUnits() {
		// 60 of the units are reserved, not available: they still come back one day
		this.fixture.given(created(Limits.MAX_STOCK - 100), reserved(ORDER, 60))
			.when(new RestockProductCommand(PRODUCT, 101))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND)
			.expectExceptionMessage(containsString("beyond 1000000000"));
	}

	@Test
	void refusesRestockOfMoreThanTheLargestStockAtOnce() {
		this.fixture.given(created(0))
			.when(new RestockProductCommand(PRODUCT, Integer.MAX_VALUE))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND);
	}

	@Test
	void createsProductWithTheLargestPriceAndStock() {
		this.fixture.givenNoPriorActivity()
			.when(new CreateProductCommand(PRODUCT, "Yacht", Limits.MAX_AMOUNT, Limits.MAX_STOCK))
			.expectEvents(new ProductCreatedEvent(PRODUCT, "Yacht", Limits.MAX_AMOUNT, Limits.MAX_STOCK));
	}

	@Test
	void refusesProductPricedAboveTheLargestAmount() {
		this.fixture.givenNoPriorActivity()
			.when(new CreateProductCommand(PRODUCT, "Yacht", Money.of("1000000000000.01"), 1))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND)
			.expectExceptionMessage("price must be at most 1000000000000.00");
	}

	@Test
	void refusesProductWithMoreThanTheLargestStock() {
		this.fixture.givenNoPriorActivity()
			.when(new CreateProductCommand(PRODUCT, "Sand", PRICE, Limits.MAX_STOCK + 1))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND)
			.expectExceptionMessage("stock must be at most 1000000000");
	}

	@Test
	void reservesStockAtCurrentPrice() {
		this.fixture.given(created(5))
			.when(new ReserveStockCommand(PRODUCT, ORDER, 2, PRICE))
			.expectEvents(reserved(ORDER, 2));
	}

	@Test
	void reservesAllRemainingStock() {
		this.fixture.given(created(5))
			.when(new ReserveStockCommand(PRODUCT, ORDER, 5, PRICE))
			.expectEvents(reserved(ORDER, 5));
	}

	@Test
	void rejectsReservationBeyondAvailableStock() {
		this.fixture.given(created(5))
			.when(new ReserveStockCommand(PRODUCT, ORDER, 6, PRICE))
			.expectSuccessfulHandlerExecution()
			.expectEvents(rejected(ORDER, 6, RejectionReason.OUT_OF_STOCK));
	}

	@Test
	void rejectsReservationThatTogetherWithOthersExceedsStock() {
		this.fixture.given(created(5), reserved(ORDER, 3))
			.when(new ReserveStockCommand(PRODUCT, OTHER_ORDER, 3, PRICE))
			.expectEvents(rejected(OTHER_ORDER, 3, RejectionReason.OUT_OF_STOCK));
	}

	@Test
	void reservesRestockedStock() {
		this.fixture.given(created(0), new ProductRestockedEvent(PRODUCT, 4))
			.when(new ReserveStockCommand(PRODUCT, ORDER, 4, PRICE))
			.expectEvents(reserved(ORDER, 4));
	}

	@Test
	void rejectsReservationQuotedAtOldPrice() {
		this.fixture.given(created(5))
			.when(new ReserveStockCommand(PRODUCT, ORDER, 1, Money.of("8.99")))
			.expectSuccessfulHandlerExecution()
			.expectEvents(rejected(ORDER, 1, RejectionReason.PRICE_CHANGED));
	}

	@Test
	void reportsChangedPriceBeforeMissingStock() {
		this.fixture.given(created(0))
			.when(new ReserveStockCommand(PRODUCT, ORDER, 1, Money.of("8.99")))
			.expectEvents(rejected(ORDER, 1, RejectionReason.PRICE_CHANGED));
	}

	@Test
	void acceptsQuotedPriceWrittenWithOtherScale() {
		this.fixture.given(new ProductCreatedEvent(PRODUCT, "Teapot", Money.of("10"), 5))
			.when(new ReserveStockCommand(PRODUCT, ORDER, 1, Money.of("10.00")))
			.expectEvents(reserved(ORDER, 1));
	}

	@Test
	void ignoresDuplicateReservationForSameOrder() {
		this.fixture.given(created(5), reserved(ORDER, 2))
			.when(new ReserveStockCommand(PRODUCT, ORDER, 2, PRICE))
			.expectSuccessfulHandlerExecution()
			.expectNoEvents();
	}

	@Test
	void ignoresDuplicateReservationEvenWhenStockIsGone() {
		this.fixture.given(created(2), reserved(ORDER, 2))
			.when(new ReserveStockCommand(PRODUCT, ORDER, 2, PRICE))
			.expectNoEvents();
	}

	@Test
	void refusesReservationOfZeroQuantity() {
		this.fixture.given(created(5))
			.when(new ReserveStockCommand(PRODUCT, ORDER, 0, PRICE))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND)
			.expectExceptionMessage(containsString("quantity"));
	}

	@Test
	void refusesReservationWithoutQuotedPrice() {
		this.fixture.given(created(5))
			.when(new ReserveStockCommand(PRODUCT, ORDER, 1, null))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND);
	}

	@Test
	void refusesReservationWithoutOrder() {
		this.fixture.given(created(5))
			.when(new ReserveStockCommand(PRODUCT, null, 1, PRICE))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND);
	}

	@Test
	void releasesStockHeldForOrder() {
		this.fixture.given(created(5), reserved(ORDER, 2), reserved(OTHER_ORDER, 1))
			.when(new ReleaseStockCommand(PRODUCT, ORDER))
			.expectEvents(new StockReleasedEvent(PRODUCT, ORDER, 2));
	}

	@Test
	void releasingStockTwiceChangesNothing() {
		this.fixture.given(created(5), reserved(ORDER, 2), new StockReleasedEvent(PRODUCT, ORDER, 2))
			.when(new ReleaseStockCommand(PRODUCT, ORDER))
			.expectSuccessfulHandlerExecution()
			.expectNoEvents();
	}

	@Test
	void releasingStockNeverReservedChangesNothing() {
		this.fixture.given(created(5))
			.when(new ReleaseStockCommand(PRODUCT, ORDER))
			.expectSuccessfulHandlerExecution()
			.expectNoEvents();
	}

	@Test
	void releasingRejectedReservationChangesNothing() {
		this.fixture.given(created(5), rejected(ORDER, 6, RejectionReason.OUT_OF_STOCK))
			.when(new ReleaseStockCommand(PRODUCT, ORDER))
			.expectNoEvents();
	}

	@Test
	void releasedStockCanBeReservedAgain() {
		this.fixture.given(created(2), reserved(ORDER, 2), new StockReleasedEvent(PRODUCT, ORDER, 2))
			.when(new ReserveStockCommand(PRODUCT, OTHER_ORDER, 2, PRICE))
			.expectEvents(reserved(OTHER_ORDER, 2));
	}

	private static ProductCreatedEvent created(int stock) {
		return new ProductCreatedEvent(PRODUCT, "Teapot", PRICE, stock);
	}

	private static StockReservedEvent reserved(OrderId orderId, int quantity) {
		return new StockReservedEvent(PRODUCT, orderId, quantity);
	}

	private static StockReservationRejectedEvent rejected(OrderId orderId, int quantity, RejectionReason reason) {
		return new StockReservationRejectedEvent(PRODUCT, orderId, quantity, reason);
	}

}
