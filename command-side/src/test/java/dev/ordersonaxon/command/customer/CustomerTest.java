package dev.ordersonaxon.command.customer;

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
import dev.ordersonaxon.api.customer.ChangeCreditLimitCommand;
import dev.ordersonaxon.api.customer.CreateCustomerCommand;
import dev.ordersonaxon.api.customer.CreditLimitChangedEvent;
import dev.ordersonaxon.api.customer.CreditLimitExceededEvent;
import dev.ordersonaxon.api.customer.CreditReleasedEvent;
import dev.ordersonaxon.api.customer.CreditReservedEvent;
import dev.ordersonaxon.api.customer.CustomerCreatedEvent;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.customer.ReleaseCreditCommand;
import dev.ordersonaxon.api.customer.ReserveCreditCommand;
import dev.ordersonaxon.api.order.OrderId;

class CustomerTest {

	private static final CustomerId CUSTOMER = new CustomerId("customer-1");

	private static final OrderId ORDER = new OrderId("order-1");

	private static final OrderId OTHER_ORDER = new OrderId("order-2");

	private FixtureConfiguration<Customer> fixture;

	@BeforeEach
	void setUp() {
		this.fixture = new AggregateTestFixture<>(Customer.class);
	}

	@Test
	void createsCustomerWithCreditLimit() {
		this.fixture.givenNoPriorActivity()
			.when(new CreateCustomerCommand(CUSTOMER, "Ada", money("100.00")))
			.expectSuccessfulHandlerExecution()
			.expectEvents(new CustomerCreatedEvent(CUSTOMER, "Ada", money("100.00")));
	}

	@Test
	void createsCustomerWithZeroCreditLimit() {
		this.fixture.givenNoPriorActivity()
			.when(new CreateCustomerCommand(CUSTOMER, "Ada", Money.ZERO))
			.expectEvents(new CustomerCreatedEvent(CUSTOMER, "Ada", Money.ZERO));
	}

	@Test
	void refusesCustomerWithBlankName() {
		this.fixture.givenNoPriorActivity()
			.when(new CreateCustomerCommand(CUSTOMER, "  ", money("100.00")))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND)
			.expectExceptionMessage(containsString("name"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "Ada\u0000", "Ada\u0007", "Ada\tLovelace", "Ada\nLovelace", "Ada\u007F", "Ada\u0085",
			"Ada\u009F", "Ada\uD800", "\uDC00Ada" })
	void refusesCustomerWhoseNameHasAControlCharacterOrUnpairedSurrogate(String name) {
		this.fixture.givenNoPriorActivity()
			.when(new CreateCustomerCommand(CUSTOMER, name, money("100.00")))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND)
			.expectExceptionMessage(containsString("name must not contain control characters"));
	}

	@Test
	void createsCustomerWhoseNameHasAccentsAndCharactersBeyondTheBasicPlane() {
		String name = "Zoë \uD83C\uDF75 Ørsted";
		this.fixture.givenNoPriorActivity()
			.when(new CreateCustomerCommand(CUSTOMER, name, money("100.00")))
			.expectEvents(new CustomerCreatedEvent(CUSTOMER, name, money("100.00")));
	}

	@Test
	void refusesCustomerWithNameLongerThanTheViewsHold() {
		this.fixture.givenNoPriorActivity()
			.when(new CreateCustomerCommand(CUSTOMER, "a".repeat(201), money("100.00")))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND)
			.expectExceptionMessage(containsString("name must be at most 200 characters"));
	}

	@Test
	void refusesCustomerWithoutName() {
		this.fixture.givenNoPriorActivity()
			.when(new CreateCustomerCommand(CUSTOMER, null, money("100.00")))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND);
	}

	@Test
	void createsCustomerWithTheLargestCreditLimit() {
		this.fixture.givenNoPriorActivity()
			.when(new CreateCustomerCommand(CUSTOMER, "Ada", Limits.MAX_AMOUNT))
			.expectEvents(new CustomerCreatedEvent(CUSTOMER, "Ada", money("1000000000000.00")));
	}

	@Test
	void refusesCustomerWithCreditLimitAboveTheLargestAmount() {
		this.fixture.givenNoPriorActivity()
			.when(new CreateCustomerCommand(CUSTOMER, "Ada", money("1000000000000.01")))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND)
			.expectExceptionMessage("creditLimit must be at most 1000000000000.00");
	}

	@Test
	void refusesRaisingTheCreditLimitAboveTheLargestAmount() {
		this.fixture.given(created("100.00"))
			.when(new ChangeCreditLimitCommand(CUSTOMER, money("99999999999999999.99")))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND)
			.expectExceptionMessage("creditLimit must be at most 1000000000000.00");
	}

	@Test
	void refusesCustomerWithNegativeCreditLimit() {
		this.fixture.givenNoPriorActivity()
			.when(new CreateCustomerCommand(CUSTOMER, "Ada", money("-0.01")))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND)
			.expectExceptionMessage(containsString("creditLimit"));
	}

	@Test
	void refusesCustomerWithoutCreditLimit() {
		this.fixture.givenNoPriorActivity()
			.when(new CreateCustomerCommand(CUSTOMER, "Ada", null))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND);
	}

	@Test
	void changesCreditLimit() {
		this.fixture.given(created("100.00"))
			.when(new ChangeCreditLimitCommand(CUSTOMER, money("250.00")))
			.expectEvents(new CreditLimitChangedEvent(CUSTOMER, money("250.00")));
	}

	@Test
	void recordsNothingWhenCreditLimitIsUnchanged() {
		this.fixture.given(created("100.00"))
			.when(new ChangeCreditLimitCommand(CUSTOMER, money("100")))
			.expectSuccessfulHandlerExecution()
			.expectNoEvents();
	}

	@Test
	void lowersCreditLimitBelowOpenReservations() {
		this.fixture.given(created("100.00"), reserved(ORDER, "80.00"))
			.when(new ChangeCreditLimitCommand(CUSTOMER, money("50.00")))
			.expectEvents(new CreditLimitChangedEvent(CUSTOMER, money("50.00")));
	}

	@Test
	void refusesNegativeCreditLimitChange() {
		this.fixture.given(created("100.00"))
			.when(new ChangeCreditLimitCommand(CUSTOMER, money("-1.00")))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND);
	}

	@Test
	void reservesCreditWithinLimit() {
		this.fixture.given(created("100.00"))
			.when(new ReserveCreditCommand(CUSTOMER, ORDER, money("40.00")))
			.expectEvents(reserved(ORDER, "40.00"));
	}

	@Test
	void reservesCreditExactlyAtLimit() {
		this.fixture.given(created("100.00"))
			.when(new ReserveCreditCommand(CUSTOMER, ORDER, money("100.00")))
			.expectEvents(reserved(ORDER, "100.00"));
	}

	@Test
	void refusesCreditOneCentOverLimit() {
		this.fixture.given(created("100.00"))
			.when(new ReserveCreditCommand(CUSTOMER, ORDER, money("100.01")))
			.expectSuccessfulHandlerExecution()
			.expectEvents(new CreditLimitExceededEvent(CUSTOMER, ORDER, money("100.01"), money("100.00")));
	}

	@Test
	void refusesSecondReservationThatWouldExceedLimitTogetherWithFirst() {
		this.fixture.given(created("100.00"), reserved(ORDER, "60.00"))
			.when(new ReserveCreditCommand(CUSTOMER, OTHER_ORDER, money("40.01")))
			.expectEvents(new CreditLimitExceededEvent(CUSTOMER, OTHER_ORDER, money("40.01"), money("40.00")));
	}

	@Test
	void reservesSecondReservationThatFillsLimitExactly() {
		this.fixture.given(created("100.00"), reserved(ORDER, "60.00"))
			.when(new ReserveCreditCommand(CUSTOMER, OTHER_ORDER, money("40.00")))
			.expectEvents(reserved(OTHER_ORDER, "40.00"));
	}

	@Test
	void refusesCreditWhenCustomerHasNoLimit() {
		this.fixture.given(created("0.00"))
			.when(new ReserveCreditCommand(CUSTOMER, ORDER, money("0.01")))
			.expectEvents(new CreditLimitExceededEvent(CUSTOMER, ORDER, money("0.01"), Money.ZERO));
	}

	@Test
	void reportsZeroAvailableWhenLimitWasLoweredBelowReservations() {
		this.fixture
			.given(created("100.00"), reserved(ORDER, "80.00"), new CreditLimitChangedEvent(CUSTOMER, money("50.00")))
			.when(new ReserveCreditCommand(CUSTOMER, OTHER_ORDER, money("10.00")))
			.expectEvents(new CreditLimitExceededEvent(CUSTOMER, OTHER_ORDER, money("10.00"), Money.ZERO));
	}

	@Test
	void reservesMoreAfterLimitWasRaised() {
		this.fixture
			.given(created("100.00"), reserved(ORDER, "100.00"), new CreditLimitChangedEvent(CUSTOMER, money("150.00")))
			.when(new ReserveCreditCommand(CUSTOMER, OTHER_ORDER, money("50.00")))
			.expectEvents(reserved(OTHER_ORDER, "50.00"));
	}

	@Test
	void ignoresDuplicateReservationForSameOrder() {
		this.fixture.given(created("100.00"), reserved(ORDER, "40.00"))
			.when(new ReserveCreditCommand(CUSTOMER, ORDER, money("40.00")))
			.expectSuccessfulHandlerExecution()
			.expectNoEvents();
	}

	@Test
	void ignoresDuplicateReservationEvenWhenItWouldExceedLimit() {
		this.fixture.given(created("100.00"), reserved(ORDER, "60.00"))
			.when(new ReserveCreditCommand(CUSTOMER, ORDER, money("60.00")))
			.expectNoEvents();
	}

	@Test
	void recordsAReservationOfNothingForAnOrderOfFreeProducts() {
		// the API takes free products (price 0); refusing this left such an order to fail
		// in the saga until it was parked
		this.fixture.given(created("0.00"))
			.when(new ReserveCreditCommand(CUSTOMER, ORDER, Money.ZERO))
			.expectEvents(reserved(ORDER, "0.00"));
	}

	@Test
	void refusesReservationOfNegativeAmount() {
		this.fixture.given(created("100.00"))
			.when(new ReserveCreditCommand(CUSTOMER, ORDER, money("-5.00")))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND)
			.expectExceptionMessage(containsString("amount"));
	}

	@Test
	void refusesReservationWithoutOrder() {
		this.fixture.given(created("100.00"))
			.when(new ReserveCreditCommand(CUSTOMER, null, money("5.00")))
			.expectNoEvents()
			.expectException(CommandRefusedException.class)
			.expectExceptionDetails(ErrorCode.INVALID_COMMAND);
	}

	@Test
	void releasesCreditHeldForOrder() {
		this.fixture.given(created("100.00"), reserved(ORDER, "60.00"))
			.when(new ReleaseCreditCommand(CUSTOMER, ORDER))
			.expectEvents(new CreditReleasedEvent(CUSTOMER, ORDER, money("60.00")));
	}

	@Test
	void releasesOnlyTheCreditOfTheGivenOrder() {
		this.fixture.given(created("100.00"), reserved(ORDER, "60.00"), reserved(OTHER_ORDER, "30.00"))
			.when(new ReleaseCreditCommand(CUSTOMER, OTHER_ORDER))
			.expectEvents(new CreditReleasedEvent(CUSTOMER, OTHER_ORDER, money("30.00")));
	}

	@Test
	void releasingCreditTwiceChangesNothing() {
		this.fixture
			.given(created("100.00"), reserved(ORDER, "60.00"),
					new CreditReleasedEvent(CUSTOMER, ORDER, money("60.00")))
			.when(new ReleaseCreditCommand(CUSTOMER, ORDER))
			.expectSuccessfulHandlerExecution()
			.expectNoEvents();
	}

	@Test
	void releasingCreditNeverReservedChangesNothing() {
		this.fixture.given(created("100.00"))
			.when(new ReleaseCreditCommand(CUSTOMER, ORDER))
			.expectSuccessfulHandlerExecution()
			.expectNoEvents();
	}

	@Test
	void releasingRefusedReservationChangesNothing() {
		this.fixture
			.given(created("100.00"), new CreditLimitExceededEvent(CUSTOMER, ORDER, money("150.00"), money("100.00")))
			.when(new ReleaseCreditCommand(CUSTOMER, ORDER))
			.expectNoEvents();
	}

	@Test
	void releasedCreditCanBeReservedAgain() {
		this.fixture
			.given(created("100.00"), reserved(ORDER, "100.00"),
					new CreditReleasedEvent(CUSTOMER, ORDER, money("100.00")))
			.when(new ReserveCreditCommand(CUSTOMER, OTHER_ORDER, money("100.00")))
			.expectEvents(reserved(OTHER_ORDER, "100.00"));
	}

	private static CustomerCreatedEvent created(String creditLimit) {
		return new CustomerCreatedEvent(CUSTOMER, "Ada", money(creditLimit));
	}

	private static CreditReservedEvent reserved(OrderId orderId, String amount) {
		return new CreditReservedEvent(CUSTOMER, orderId, money(amount));
	}

	private static Money money(String amount) {
		return Money.of(amount);
	}

}
