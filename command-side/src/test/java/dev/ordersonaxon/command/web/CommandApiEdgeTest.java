package dev.ordersonaxon.command.web;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import dev.ordersonaxon.api.CommandRefusedException;
import dev.ordersonaxon.api.ErrorCode;
import dev.ordersonaxon.api.Limits;
import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CreateCustomerCommand;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.PlaceOrderCommand;
import dev.ordersonaxon.api.product.CreateProductCommand;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.command.admission.AdmissionSettings;
import dev.ordersonaxon.command.admission.OrderAdmission;
import dev.ordersonaxon.command.admission.Placements;
import dev.ordersonaxon.command.admission.SagaBacklog;
import dev.ordersonaxon.web.security.CallerScope;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

// the operators' endpoints need the saga's dead-letter queue; they have tests of their own
@WebMvcTest(excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
		pattern = "dev\\.ordersonaxon\\.command\\.admin\\..*"))
@Import({ CommandApiEdgeTest.Gateway.class, TimeLimitedCommands.class, IdempotentCommands.class })
class CommandApiEdgeTest {

	private static final String VALID_LINE = "{\"productId\":\"p-1\",\"quantity\":2,\"unitPrice\":9.99}";

	/** 999,999,990,000.00: with one more line of 10,000.00 the largest total there is. */
	private static final String GOLD_LINE = "{\"productId\":\"gold\",\"quantity\":1000000,\"unitPrice\":999999.99}";

	@Autowired
	MockMvc mvc;

	@Autowired
	RecordingCommandGateway gateway;

	@Autowired
	AtomicReference<SagaBacklog.Measurement> sagaBacklog;

	@Autowired
	Placements placements;

	/**
	 * The security filters are not part of this slice; the controllers see a clerk and a
	 * manager.
	 */
	@BeforeEach
	void signIn() {
		SecurityContextHolder.getContext()
			.setAuthentication(new TestingAuthenticationToken("edge-test", null, "ROLE_clerk", "ROLE_manager"));
	}

	@AfterEach
	void signOut() {
		SecurityContextHolder.clearContext();
	}

	@BeforeEach
	void resetGateway() {
		this.gateway.reset();
		this.sagaBacklog.set(SagaBacklog.Measurement.NONE);
	}

	static Stream<Arguments> invalidRequests() {
		return Stream.of(
				// customers
				Arguments.of("POST", "/api/customers", "{\"creditLimit\":100}", "name"),
				Arguments.of("POST", "/api/customers", "{\"name\":\"  \",\"creditLimit\":100}", "name"),
				Arguments.of("POST", "/api/customers", "{\"name\":\"Ann\"}", "creditLimit"),
				Arguments.of("POST", "/api/customers", "{\"name\":\"Ann\",\"creditLimit\":-1}", "creditLimit"),
				Arguments.of("POST", "/api/customers", "{\"name\":\"Ann\",\"creditLimit\":10.001}", "creditLimit"),
				Arguments.of("POST", "/api/customers", "{\"name\":\"Ann\",\"creditLimit\":\"lots\"}", "creditLimit"),
				Arguments.of("POST", "/api/customers",
						"{\"customerId\":\"has space\",\"name\":\"Ann\",\"creditLimit\":1}", "customerId"),
				Arguments.of("POST", "/api/customers",
						"{\"customerId\":\"" + "x".repeat(65) + "\",\"name\":\"Ann\",\"creditLimit\":1}", "customerId"),
				Arguments.of("POST", "/api/customers", "{\"name\":\"Ann\\u0000\",\"creditLimit\":1}", "name"),
				Arguments.of("POST", "/api/customers", "{\"name\":\"Ann\\tLee\",\"creditLimit\":1}", "name"),
				Arguments.of("POST", "/api/customers", "{\"name\":\"Ann\\u0085\",\"creditLimit\":1}", "name"),
				Arguments.of("POST", "/api/customers", "{\"name\":\"Ann\\ud800\",\"creditLimit\":1}", "name"),
				Arguments.of("POST", "/api/customers", "{\"name\":\"" + "a".repeat(201) + "\",\"creditLimit\":1}",
						"name"),
				Arguments.of("POST", "/api/customers", "{\"name\":\"Ann\",\"creditLimit\":1000000000000.01}",
						"creditLimit"),
				Arguments.of("PUT", "/api/customers/c-1/credit-limit", "{\"creditLimit\":1e13}", "creditLimit"),
				Arguments.of("PUT", "/api/customers/c-1/credit-limit", "{\"creditLimit\":-5}", "creditLimit"),
				Arguments.of("PUT", "/api/customers/c-1/credit-limit", "{\"creditLimit\":5.555}", "creditLimit"),
				Arguments.of("PUT", "/api/customers/c-1/credit-limit", "{}", "creditLimit"),
				// products
				Arguments.of("POST", "/api/products", "{\"price\":1,\"stock\":1}", "name"),
				Arguments.of("POST", "/api/products", "{\"name\":\"Pen\\u007f\",\"price\":1,\"stock\":1}", "name"),
				Arguments.of("POST", "/api/products", "{\"name\":\"\\udc00Pen\",\"price\":1,\"stock\":1}", "name"),
				Arguments.of("POST", "/api/products", "{\"name\":\"Pen\",\"price\":-1,\"stock\":1}", "price"),
				Arguments.of("POST", "/api/products", "{\"name\":\"Pen\",\"price\":1.234,\"stock\":1}", "price"),
				Arguments.of("POST", "/api/products", "{\"name\":\"Pen\",\"price\":1,\"stock\":-1}", "stock"),
				Arguments.of("POST", "/api/products", "{\"name\":\"Pen\",\"price\":1,\"stock\":1.5}", "stock"),
				Arguments.of("POST", "/api/products", "{\"name\":\"Pen\",\"price\":1}", "stock"),
				Arguments.of("POST", "/api/products", "{\"name\":\"Pen\",\"price\":1000000000000.01,\"stock\":1}",
						"price"),
				Arguments.of("POST", "/api/products", "{\"name\":\"Pen\",\"price\":1,\"stock\":1000000001}", "stock"),
				Arguments.of("POST", "/api/products/p-1/restock", "{\"quantity\":1000000001}", "quantity"),
				Arguments.of("POST", "/api/products/p-1/restock", "{\"quantity\":3000000000}", "quantity"),
				Arguments.of("POST", "/api/products/p-1/restock", "{\"quantity\":0}", "quantity"),
				Arguments.of("POST", "/api/products/p-1/restock", "{}", "quantity"),
				// orders
				Arguments.of("POST", "/api/orders", "{\"lines\":[" + VALID_LINE + "]}", "customerId"),
				Arguments.of("POST", "/api/orders", "{\"customerId\":\"c-1\"}", "lines"),
				// the query side's path of a customer's update stream
				Arguments.of("POST", "/api/orders",
						"{\"orderId\":\"updates\",\"customerId\":\"c-1\",\"lines\":[" + VALID_LINE + "]}", "orderId"),
				Arguments.of("POST", "/api/orders", "{\"customerId\":\"c-1\",\"lines\":[]}", "lines"),
				Arguments.of("POST", "/api/orders", "{\"customerId\":\"c-1\",\"lines\":[null]}", "lines[0]"),
				Arguments.of("POST", "/api/orders",
						"{\"customerId\":\"c-1\",\"lines\":[{\"productId\":\"p-1\",\"quantity\":0,\"unitPrice\":1}]}",
						"lines[0].quantity"),
				Arguments.of("POST", "/api/orders",
						"{\"customerId\":\"c-1\",\"lines\":[{\"productId\":\"p-1\",\"quantity\":1.5,\"unitPrice\":1}]}",
						"lines[0].quantity"),
				Arguments.of("POST", "/api/orders",
						"{\"customerId\":\"c-1\",\"lines\":[{\"productId\":\"p-1\",\"quantity\":1,\"unitPrice\":-0.01}]}",
						"lines[0].unitPrice"),
				Arguments.of("POST", "/api/orders",
						"{\"customerId\":\"c-1\",\"lines\":[{\"productId\":\"p-1\",\"quantity\":1,\"unitPrice\":0.001}]}",
						"lines[0].unitPrice"),
				Arguments.of("POST", "/api/orders",
						"{\"customerId\":\"c-1\",\"lines\":[{\"productId\":\"p-1\",\"quantity\":1000001,\"unitPrice\":1}]}",
						"lines[0].quantity"),
				Arguments.of("POST", "/api/orders",
						"{\"customerId\":\"c-1\",\"lines\":[{\"productId\":\"p-1\",\"quantity\":3000000000,\"unitPrice\":1}]}",
						"lines[0].quantity"),
				Arguments.of("POST", "/api/orders",
						"{\"customerId\":\"c-1\",\"lines\":[{\"productId\":\"p-1\",\"quantity\":1,\"unitPrice\":1000000000000.01}]}",
						"lines[0].unitPrice"),
				Arguments.of("POST", "/api/orders",
						"{\"customerId\":\"c-1\",\"lines\":[" + GOLD_LINE
								+ ",{\"productId\":\"box\",\"quantity\":1,\"unitPrice\":10000.01}]}",
						"lines"),
				Arguments.of("POST", "/api/orders",
						"{\"customerId\":\"c-1\",\"lines\":[" + String.join(",", Collections.nCopies(101, VALID_LINE))
								+ "]}",
						"lines"),
				Arguments.of("POST", "/api/orders",
						"{\"customerId\":\"c-1\",\"lines\":[{\"quantity\":1,\"unitPrice\":1}]}", "lines[0].productId"));
	}

	@ParameterizedTest(name = "{0} {1} {2} -> 400 on {3}")
	@MethodSource("invalidRequests")
	void rejectsInvalidInputWithProblemAndDispatchesNothing(String method, String path, String body, String field)
			throws Exception {
		this.mvc.perform(request(method, path).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("/problems/invalid-input"))
			.andExpect(jsonPath("$.title").value("Invalid input"))
			.andExpect(jsonPath("$.status").value(400))
			.andExpect(jsonPath("$.detail").isNotEmpty())
			.andExpect(jsonPath("$.errors[*].field", hasItem(field)));
		assertThat(this.gateway.dispatched()).isEmpty();
	}

	@ParameterizedTest(name = "malformed body on {0}")
	@MethodSource("bodyEndpoints")
	void rejectsMalformedJson(String path) throws Exception {
		this.mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content("{\"name\": "))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("/problems/invalid-input"));
		assertThat(this.gateway.dispatched()).isEmpty();
	}

	static Stream<Arguments> bodiesBeyondTheJsonReadLimits() {
		return Stream.of(
				Arguments.of("nested 40 deep",
						"{\"name\":\"Ann\",\"creditLimit\":1,\"extra\":" + "[".repeat(40) + "]".repeat(40) + "}"),
				Arguments.of("a string of 10,001 characters",
						"{\"name\":\"" + "a".repeat(10_001) + "\",\"creditLimit\":1}"),
				Arguments.of("a number of 101 digits", "{\"name\":\"Ann\",\"creditLimit\":" + "9".repeat(101) + "}"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("bodiesBeyondTheJsonReadLimits")
	void refusesABodyBeyondTheJsonReadLimitsWhileParsingIt(String what, String body) throws Exception {
		this.mvc.perform(post("/api/customers").contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("/problems/invalid-input"))
			.andExpect(jsonPath("$.detail").value(containsString("longer than this server reads")))
			.andExpect(jsonPath("$.errors").isEmpty());
		assertThat(this.gateway.dispatched()).isEmpty();
	}

	@Test
	void readsABodyJustWithinTheJsonReadLimits() throws Exception {
		this.mvc
			.perform(post("/api/customers").contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"Ann\",\"creditLimit\":1,\"extra\":" + "[".repeat(31) + "]".repeat(31)
						+ ",\"note\":\"" + "n".repeat(10_000) + "\"}"))
			.andExpect(status().isCreated());
	}

	static Stream<String> bodyEndpoints() {
		return Stream.of("/api/customers", "/api/products", "/api/orders", "/api/products/p-1/restock");
	}

	@Test
	void rejectsAnIdentifierInThePathThatCannotExist() throws Exception {
		this.mvc.perform(post("/api/orders/not%20valid/cancel"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		assertThat(this.gateway.dispatched()).isEmpty();
	}

	@Test
	void createsCustomerWithTheIdTheClientChose() throws Exception {
		this.mvc
			.perform(post("/api/customers").contentType(MediaType.APPLICATION_JSON)
				.content("{\"customerId\":\"ann-1\",\"name\":\"Ann\",\"creditLimit\":100.5}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.customerId").value("ann-1"));
		assertThat(this.gateway.dispatched())
			.containsExactly(new CreateCustomerCommand(new CustomerId("ann-1"), "Ann", Money.of("100.50")));
	}

	@Test
	void saysWhyANameWithAControlCharacterIsRefused() throws Exception {
		this.mvc
			.perform(post("/api/customers").contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"Ann\\u0000\",\"creditLimit\":1}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.length()").value(1))
			.andExpect(jsonPath("$.errors[0].field").value("name"))
			.andExpect(jsonPath("$.errors[0].message")
				.value("must not contain control characters or unpaired surrogates"));
		assertThat(this.gateway.dispatched()).isEmpty();
	}

	@Test
	void acceptsANameBeyondTheBasicPlane() throws Exception {
		this.mvc
			.perform(post("/api/products").contentType(MediaType.APPLICATION_JSON)
				.content("{\"productId\":\"tea\",\"name\":\"Tea \\ud83c\\udf75 Zoë\",\"price\":1,\"stock\":1}"))
			.andExpect(status().isCreated());
		assertThat(this.gateway.dispatched()).containsExactly(
				new CreateProductCommand(new ProductId("tea"), "Tea \uD83C\uDF75 Zoë", Money.of("1.00"), 1));
	}

	@Test
	void placesOrderUnderAServerMadeIdWhenNoneIsGiven() throws Exception {
		this.mvc
			.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON)
				.content("{\"customerId\":\"c-1\",\"lines\":[" + VALID_LINE + "]}"))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.orderId").isNotEmpty())
			.andExpect(jsonPath("$.status").value("PENDING"));
		assertThat(this.gateway.dispatched()).singleElement()
			.isInstanceOfSatisfying(PlaceOrderCommand.class, (command) -> assertThat(command.lines()).hasSize(1));
	}

	@Test
	void placesAnOrderOfTheLargestTotal() throws Exception {
		this.mvc
			.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON)
				.content("{\"customerId\":\"c-1\",\"lines\":[" + GOLD_LINE
						+ ",{\"productId\":\"box\",\"quantity\":1,\"unitPrice\":10000.00}]}"))
			.andExpect(status().isAccepted());
		assertThat(this.gateway.dispatched()).singleElement()
			.isInstanceOfSatisfying(PlaceOrderCommand.class,
					(command) -> assertThat(
							command.lines().stream().map(OrderLine::lineTotal).reduce(Money.ZERO, Money::plus))
						.isEqualTo(Limits.MAX_AMOUNT));
	}

	@Test
	void saysWhyAnOrderOverTheLargestTotalIsRefused() throws Exception {
		this.mvc
			.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON)
				.content("{\"customerId\":\"c-1\",\"lines\":[" + GOLD_LINE + "," + GOLD_LINE.replace("gold", "silver")
						+ "]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.length()").value(1))
			.andExpect(jsonPath("$.errors[0].field").value("lines"))
			.andExpect(jsonPath("$.errors[0].message")
				.value("the order total (sum of quantity × unitPrice) must be at most 1000000000000.00"));
		assertThat(this.gateway.dispatched()).isEmpty();
	}

	@Test
	void refusesNewOrdersWhileTheSagaIsTooFarBehindAndTakesEverythingElse() throws Exception {
		long storedBefore = this.placements.stored();
		this.sagaBacklog.set(new SagaBacklog.Measurement(Duration.ofMillis(1500), 120, 40, Instant.now(), 0));

		this.mvc
			.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON)
				.content("{\"customerId\":\"c-1\",\"lines\":[" + VALID_LINE + "]}"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(header().string("Retry-After", "2"))
			.andExpect(jsonPath("$.type").value("/problems/overloaded"))
			.andExpect(jsonPath("$.sagaLagMillis").value(1500))
			.andExpect(jsonPath("$.pendingOrders").value(40))
			.andExpect(jsonPath("$.detail", containsString("Nothing was stored")));
		assertThat(this.gateway.dispatched()).isEmpty();
		// answered at the door: in flight only while it was judged, and not stored
		assertThat(this.placements.inFlight()).isZero();
		assertThat(this.placements.stored()).isEqualTo(storedBefore);

		this.mvc.perform(post("/api/orders/o-1/cancel")).andExpect(status().isAccepted());
		this.mvc
			.perform(post("/api/customers").contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"Ann\",\"creditLimit\":10}"))
			.andExpect(status().isCreated());
		assertThat(this.gateway.dispatched()).hasSize(2);
	}

	@Test
	void countsAnAdmittedPlacementInFlightUntilItIsAnsweredAndStoredOnlyIfItWasPlaced() throws Exception {
		long storedBefore = this.placements.stored();

		this.mvc
			.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON)
				.content("{\"customerId\":\"c-1\",\"lines\":[" + VALID_LINE + "]}"))
			.andExpect(status().isAccepted());
		assertThat(this.placements.inFlight()).isZero();
		assertThat(this.placements.stored()).isEqualTo(storedBefore + 1);

		this.mvc.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content("{\"lines\":"))
			.andExpect(status().isBadRequest());
		assertThat(this.placements.inFlight()).isZero();
		assertThat(this.placements.stored()).isEqualTo(storedBefore + 1);
	}

	@Test
	void refusesAnOrderAtTheDoorBeforeReadingItsBody() throws Exception {
		this.sagaBacklog.set(new SagaBacklog.Measurement(Duration.ofMillis(1500), 120, 40, Instant.now(), 0));

		this.mvc.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content("{\"lines\":"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.type").value("/problems/overloaded"));
	}

	@Test
	void answersNotFoundForAnUnknownAggregate() throws Exception {
		this.gateway.failWith(new AggregateNotFoundException("o-404", "not found"));
		this.mvc.perform(post("/api/orders/o-404/cancel"))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("/problems/not-found"))
			.andExpect(jsonPath("$.detail").value("Nothing exists with id 'o-404'."));
	}

	@Test
	void answersConflictForADuplicateId() throws Exception {
		this.gateway.failWith(new AggregateStreamCreationException("exists"));
		this.mvc
			.perform(post("/api/products").contentType(MediaType.APPLICATION_JSON)
				.content("{\"productId\":\"p-1\",\"name\":\"Pen\",\"price\":1,\"stock\":1}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("/problems/duplicate-id"));
	}

	@Test
	void answersConflictWhenTheAggregateRefusesInItsState() throws Exception {
		this.gateway.failWith(new CommandRefusedException(ErrorCode.ILLEGAL_STATE, "order o-1 is already REJECTED"));
		this.mvc.perform(post("/api/orders/o-1/cancel"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("/problems/illegal-state"))
			.andExpect(jsonPath("$.detail").value("order o-1 is already REJECTED"));
	}

	@Test
	void answersBadRequestWhenTheAggregateFindsTheCommandInvalid() throws Exception {
		this.gateway.failWith(new CommandRefusedException(ErrorCode.INVALID_COMMAND, "product p-1 appears twice"));
		this.mvc
			.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON)
				.content("{\"customerId\":\"c-1\",\"lines\":[" + VALID_LINE + "," + VALID_LINE + "]}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("/problems/invalid-input"))
			.andExpect(jsonPath("$.detail").value("product p-1 appears twice"))
			.andExpect(jsonPath("$.errors").isEmpty());
	}

	@Test
	void answersServiceUnavailableWhenRetriesCouldNotWinTheRace() throws Exception {
		this.gateway.failWith(new ConcurrencyException("lost"));
		this.mvc
			.perform(put("/api/customers/c-1/credit-limit").contentType(MediaType.APPLICATION_JSON)
				.content("{\"creditLimit\":5}"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "1"))
			.andExpect(jsonPath("$.type").value("/problems/contention"));
	}

	@Test
	void answersServiceUnavailableWhileTheDatabaseIsAway() throws Exception {
		this.gateway
			.failWith(new EventStoreException("An event for aggregate [o-1] at sequence [0] was already inserted",
					new SQLException("An I/O error occurred while sending to the backend.", "08006")));
		this.mvc
			.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON)
				.content("{\"customerId\":\"c-1\",\"lines\":[" + VALID_LINE + "]}"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "2"))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("/problems/unavailable"))
			.andExpect(jsonPath("$.detail").value(containsString("Idempotency-Key")));
	}

	@Test
	void answersAFaultOfItsOwnWithAnInternalErrorThatHidesTheMessage() throws Exception {
		this.gateway.failWith(new IllegalStateException("secret internals"));
		this.mvc
			.perform(put("/api/customers/c-1/credit-limit").contentType(MediaType.APPLICATION_JSON)
				.content("{\"creditLimit\":5}"))
			.andExpect(status().isInternalServerError())
			.andExpect(jsonPath("$.type").value("/problems/internal-error"))
			.andExpect(jsonPath("$.detail").value(not(containsString("secret"))));
	}

	@Test
	void refusesAnAcceptItCannotAnswerBeforeSendingTheCommand() throws Exception {
		this.mvc
			.perform(post("/api/customers").contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_XML)
				.content("{\"customerId\":\"xml\",\"name\":\"X\",\"creditLimit\":1}"))
			.andExpect(status().isNotAcceptable());
		this.mvc.perform(post("/api/orders/o-1/cancel").accept(MediaType.TEXT_HTML))
			.andExpect(status().isNotAcceptable());

		assertThat(this.gateway.dispatched()).isEmpty();
	}

	@Test
	void answersAnUnknownPathWithANotFoundProblem() throws Exception {
		this.mvc.perform(get("/api/nothing-here"))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("/problems/not-found"))
			.andExpect(jsonPath("$.title").value("Not found"));
	}

	@Test
	void answersAWrongMethodWithAProblem() throws Exception {
		this.mvc.perform(get("/api/customers"))
			.andExpect(status().isMethodNotAllowed())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("/problems/method-not-allowed"))
			.andExpect(jsonPath("$.title").value("Method not allowed"));
	}

	@Test
	void answersABodyThatIsNotJsonWithAProblem() throws Exception {
		this.mvc.perform(post("/api/customers").contentType(MediaType.TEXT_PLAIN).content("name=Ann"))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("/problems/unsupported-media-type"));
		assertThat(this.gateway.dispatched()).isEmpty();
	}

	@Test
	void answersAnAnswerTypeItCannotProduceWithAProblem() throws Exception {
		this.mvc
			.perform(post("/api/customers").contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.IMAGE_PNG)
				.content("{\"name\":\"Ann\",\"creditLimit\":1}"))
			.andExpect(status().isNotAcceptable())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("/problems/not-acceptable"));
	}

	@Test
	void answersAnUnexpectedFailureWithoutItsMessage() throws Exception {
		this.gateway.failWith(new IllegalStateException("connection to db-7.internal:5432 refused"));
		this.mvc
			.perform(post("/api/customers").contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"Ann\",\"creditLimit\":1}"))
			.andExpect(status().isInternalServerError())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("/problems/internal-error"))
			.andExpect(jsonPath("$.title").value("Internal error"))
			.andExpect(jsonPath("$.detail").value("The request could not be answered; the error is logged."))
			.andExpect(content().string(not(containsString("db-7"))));
	}

	private static MockHttpServletRequestBuilder request(String method, String path) {
		return "PUT".equals(method) ? put(path) : post(path);
	}

	@TestConfiguration
	static class Gateway {

		@Bean
		RecordingCommandGateway recordingCommandGateway() {
			return new RecordingCommandGateway();
		}

		@Bean
		CallerScope callerScope() {
			return new CallerScope("customer_id");
		}

		/** The saga's backlog as each test sets it. */
		@Bean
		AtomicReference<SagaBacklog.Measurement> sagaBacklog() {
			return new AtomicReference<>(SagaBacklog.Measurement.NONE);
		}

		@Bean
		Placements placements() {
			return new Placements();
		}

		@Bean
		OrderAdmission orderAdmission(AtomicReference<SagaBacklog.Measurement> sagaBacklog, Placements placements) {
			return new OrderAdmission(sagaBacklog::get, () -> {
			}, placements, () -> 0, new AdmissionSettings(true, Duration.ofSeconds(1), 0, 0, 10, Duration.ofMillis(250),
					Duration.ofSeconds(2), Duration.ofMillis(50)), Clock.systemUTC());
		}

		/**
		 * Read only when a create meets a taken id, which the recording gateway never
		 * reports.
		 */
		@Bean
		EventStore eventStore() {
			return EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
		}

	}

}
