package dev.ordersonaxon.command.order;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.ordersonaxon.api.AuditMetadata;
import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CreditReleasedEvent;
import dev.ordersonaxon.api.customer.CreditReservedEvent;
import dev.ordersonaxon.api.order.OrderApprovedEvent;
import dev.ordersonaxon.api.order.OrderCancelledEvent;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.order.OrderRejectedEvent;
import dev.ordersonaxon.api.order.RejectionReason;
import dev.ordersonaxon.api.product.StockReleasedEvent;
import dev.ordersonaxon.api.product.StockReservedEvent;
import dev.ordersonaxon.saga.ChainedSagaSteps;
import dev.ordersonaxon.testsupport.TestDatabase;
import dev.ordersonaxon.testsupport.TestTokens;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order saga with real processors on a real PostgreSQL, driven through the command
 * API only; outcomes are read from the aggregates' event streams.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrderSagaIntegrationTest {

	static final TestDatabase database = TestDatabase.create("command_saga_it");

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		database.registerDataSource(registry);
		TestTokens.registerVerifier(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	EventStore eventStore;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ChainedSagaSteps chainedSteps;

	@Test
	void approvesWhatFitsRejectsWhatDoesNotAndLeavesOnlyApprovedOrdersReserved() {
		post("/api/customers", "{\"customerId\":\"saga-c\",\"name\":\"Ann\",\"creditLimit\":100.00}");
		post("/api/products", "{\"productId\":\"saga-a\",\"name\":\"A\",\"price\":10.00,\"stock\":5}");
		post("/api/products", "{\"productId\":\"saga-b\",\"name\":\"B\",\"price\":20.00,\"stock\":1}");

		// 30 of 100 credit, 3 of 5 A
		placeOrder("fits", "{\"productId\":\"saga-a\",\"quantity\":3,\"unitPrice\":10.00}");
		awaitEvent("fits", OrderApprovedEvent.class);
		// 50 more credit and 1 A are held, then B (1 in stock, 2 wanted) is refused: all
		// given back
		placeOrder("short", "{\"productId\":\"saga-a\",\"quantity\":1,\"unitPrice\":10.00},"
				+ "{\"productId\":\"saga-b\",\"quantity\":2,\"unitPrice\":20.00}");
		assertThat(awaitEvent("short", OrderRejectedEvent.class).reason()).isEqualTo(RejectionReason.OUT_OF_STOCK);
		// 80 wanted, 70 available
		placeOrder("over-limit", "{\"productId\":\"saga-a\",\"quantity\":8,\"unitPrice\":10.00}");
		assertThat(awaitEvent("over-limit", OrderRejectedEvent.class).reason())
			.isEqualTo(RejectionReason.CREDIT_LIMIT_EXCEEDED);

		assertThat(payloads("saga-c")).hasAtLeastOneElementOfType(CreditReleasedEvent.class);
		assertThat(payloads("saga-a")).hasAtLeastOneElementOfType(StockReleasedEvent.class);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(this::reservationsEqualApprovedOrders);
	}

	/**
	 * With one segment (the default) the saga hands the answers to its commands back to
	 * itself in the batch that saw the order placed: every step of the order, the
	 * compensations included, commits in one transaction, and neither a saga nor a
	 * timeout is left behind.
	 */
	@Test
	void decidesAnOrderInTheTransactionOfTheSagaBatchThatSawItPlaced() {
		post("/api/customers", "{\"customerId\":\"chain-c\",\"name\":\"Ann\",\"creditLimit\":100.00}");
		post("/api/products", "{\"productId\":\"chain-a\",\"name\":\"A\",\"price\":10.00,\"stock\":5}");
		post("/api/products", "{\"productId\":\"chain-b\",\"name\":\"B\",\"price\":10.00,\"stock\":1}");
		long chainedBefore = this.chainedSteps.count();

		placeOrder("chain-fits", "chain-c", "{\"productId\":\"chain-a\",\"quantity\":1,\"unitPrice\":10.00},"
				+ "{\"productId\":\"chain-b\",\"quantity\":1,\"unitPrice\":10.00}");
		placeOrder("chain-short", "chain-c", "{\"productId\":\"chain-a\",\"quantity\":1,\"unitPrice\":10.00},"
				+ "{\"productId\":\"chain-b\",\"quantity\":1,\"unitPrice\":10.00}");
		awaitEvent("chain-fits", OrderApprovedEvent.class);
		assertThat(awaitEvent("chain-short", OrderRejectedEvent.class).reason())
			.isEqualTo(RejectionReason.OUT_OF_STOCK);

		// credit and stock reserved, the order approved: one transaction
		assertThat(transactionsOfSagaSteps("chain-fits")).isOne();
		// credit reserved, A reserved, B refused, both given back, the order rejected
		assertThat(transactionsOfSagaSteps("chain-short")).isOne();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM association_value_entry"
				+ " WHERE association_value IN ('chain-fits', 'chain-short')", Long.class))
			.isZero();
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM scheduled_tasks WHERE task_instance IN ('chain-fits', 'chain-short')",
				Long.class))
			.isZero();
		// four answers each handed back: credit, both lines, the approval or rejection
		assertThat(this.chainedSteps.count() - chainedBefore).isGreaterThanOrEqualTo(8);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(this::reservationsEqualApprovedOrders);
	}

	/**
	 * The transactions that stored the events the saga's commands caused for an order.
	 */
	private long transactionsOfSagaSteps(String orderId) {
		return this.jdbc.queryForObject(
				"SELECT count(DISTINCT xmin::text) FROM domain_event_entry"
						+ " WHERE convert_from(payload, 'UTF8') LIKE ? AND payload_type NOT LIKE '%.OrderPlacedEvent'",
				Long.class, "%\"orderId\":\"" + orderId + "\"%");
	}

	@Test
	void cancellingAnApprovedOrderGivesBackItsCreditAndStock() {
		post("/api/customers", "{\"customerId\":\"cancel-c\",\"name\":\"Bob\",\"creditLimit\":50.00}");
		post("/api/products", "{\"productId\":\"cancel-p\",\"name\":\"P\",\"price\":5.00,\"stock\":4}");
		placeOrder("cancel-me", "cancel-c", "{\"productId\":\"cancel-p\",\"quantity\":4,\"unitPrice\":5.00}");
		awaitEvent("cancel-me", OrderApprovedEvent.class);

		assertThat(post("/api/orders/cancel-me/cancel", "").getStatusCode().value()).isEqualTo(202);

		awaitEvent("cancel-me", OrderCancelledEvent.class);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(payloads("cancel-c")).hasAtLeastOneElementOfType(CreditReleasedEvent.class);
			assertThat(payloads("cancel-p")).hasAtLeastOneElementOfType(StockReleasedEvent.class);
		});
		await().atMost(Duration.ofSeconds(20)).untilAsserted(this::reservationsEqualApprovedOrders);
	}

	@Test
	void treatsAnIdOfAnotherAggregateTypeAsUnknownAndGoesOn() {
		post("/api/customers", "{\"customerId\":\"kind-c\",\"name\":\"Cy\",\"creditLimit\":100.00}");
		post("/api/products", "{\"productId\":\"kind-p\",\"name\":\"P\",\"price\":5.00,\"stock\":10}");
		String kindLine = "{\"productId\":\"kind-p\",\"quantity\":2,\"unitPrice\":5.00}";

		placeOrder("customer-is-a-product", "kind-p", kindLine);
		placeOrder("customer-is-an-order", "customer-is-a-product", kindLine);
		placeOrder("product-is-a-customer", "kind-c", "{\"productId\":\"kind-c\",\"quantity\":1,\"unitPrice\":5.00}");
		placeOrder("valid-after-wrong-kinds", "kind-c", kindLine);

		assertThat(awaitEvent("customer-is-a-product", OrderRejectedEvent.class).reason())
			.isEqualTo(RejectionReason.UNKNOWN_CUSTOMER);
		assertThat(awaitEvent("customer-is-an-order", OrderRejectedEvent.class).reason())
			.isEqualTo(RejectionReason.UNKNOWN_CUSTOMER);
		assertThat(awaitEvent("product-is-a-customer", OrderRejectedEvent.class).reason())
			.isEqualTo(RejectionReason.UNKNOWN_PRODUCT);
		awaitEvent("valid-after-wrong-kinds", OrderApprovedEvent.class);
		// nothing was appended to the aggregates the wrong ids named
		assertThat(payloads("kind-p")).doesNotHaveAnyElementsOfTypes(CreditReservedEvent.class,
				CreditReleasedEvent.class);
		assertThat(payloads("kind-c")).doesNotHaveAnyElementsOfTypes(StockReservedEvent.class,
				StockReleasedEvent.class);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(this::reservationsEqualApprovedOrders);
	}

	@Test
	void answersNotFoundWhenCancellingByTheIdOfACustomerOrProduct() {
		post("/api/customers", "{\"customerId\":\"cancel-kind-c\",\"name\":\"Di\",\"creditLimit\":1.00}");
		post("/api/products", "{\"productId\":\"cancel-kind-p\",\"name\":\"P\",\"price\":1.00,\"stock\":1}");

		for (String id : List.of("cancel-kind-c", "cancel-kind-p")) {
			ResponseEntity<String> response = post("/api/orders/" + id + "/cancel", "");
			assertThat(response.getStatusCode().value()).isEqualTo(404);
			assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(response.getBody()).contains("\"type\":\"/problems/not-found\"");
		}
		assertThat(payloads("cancel-kind-c")).hasSize(1);
		assertThat(payloads("cancel-kind-p")).hasSize(1);
	}

	@Test
	void refusesANameThatNoViewCouldHoldAndStoresNothing() {
		ResponseEntity<String> response = post("/api/customers",
				"{\"customerId\":\"nul-name\",\"name\":\"Ann\\u0000\",\"creditLimit\":10.00}");

		assertThat(response.getStatusCode().value()).isEqualTo(400);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody()).contains("\"field\":\"name\"");
		assertThat(payloads("nul-name")).isEmpty();
		assertThat(post("/api/customers", "{\"customerId\":\"nul-name\",\"name\":\"Ann\",\"creditLimit\":10.00}")
			.getStatusCode()
			.value()).isEqualTo(201);
	}

	@Test
	void refusesAnOrderWhoseTotalNoViewCouldHoldAndStoresNothing() {
		// each value within its own bound, the total (~10^18) beyond numeric(19, 2)
		ResponseEntity<String> response = post("/api/orders",
				"{\"orderId\":\"too-large\",\"customerId\":\"saga-c\",\"lines\":[{\"productId\":\"saga-a\","
						+ "\"quantity\":1000000,\"unitPrice\":999999999999.99}]}");

		assertThat(response.getStatusCode().value()).isEqualTo(400);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody()).contains("\"field\":\"lines\"");
		assertThat(payloads("too-large")).isEmpty();
	}

	/**
	 * The invariant of the design, from the event store itself: every customer's open
	 * credit reservations are exactly the totals of its approved (and not cancelled)
	 * orders, and every product's open stock reservations exactly their quantities.
	 */
	private void reservationsEqualApprovedOrders() {
		Map<String, Money> approvedTotals = new HashMap<>();
		Map<String, Integer> approvedQuantities = new HashMap<>();
		Map<String, Money> heldCredit = new HashMap<>();
		Map<String, Integer> heldStock = new HashMap<>();
		allEventsSoFar().forEach((event) -> {
			if (event instanceof OrderPlacedEvent placed && isApproved(placed.orderId())) {
				approvedTotals.merge(placed.customerId().value(), placed.total(), Money::plus);
				for (OrderLine line : placed.lines()) {
					approvedQuantities.merge(line.productId().value(), line.quantity(), Integer::sum);
				}
			}
			else if (event instanceof CreditReservedEvent reserved) {
				heldCredit.merge(reserved.customerId().value(), reserved.amount(), Money::plus);
			}
			else if (event instanceof CreditReleasedEvent released) {
				heldCredit.merge(released.customerId().value(), Money.ZERO.minus(released.amount()), Money::plus);
			}
			else if (event instanceof StockReservedEvent reserved) {
				heldStock.merge(reserved.productId().value(), reserved.quantity(), Integer::sum);
			}
			else if (event instanceof StockReleasedEvent released) {
				heldStock.merge(released.productId().value(), -released.quantity(), Integer::sum);
			}
		});
		heldCredit.values().removeIf((amount) -> amount.equals(Money.ZERO));
		heldStock.values().removeIf((quantity) -> quantity == 0);
		assertThat(heldCredit).isEqualTo(approvedTotals);
		assertThat(heldStock).isEqualTo(approvedQuantities);
	}

	@Test
	void everyEventNamesWhoCausedItAndTheSagasStepsNameWhoPlacedTheOrder() {
		RestClient manager = client(TestTokens.withRoles("manager").subject("mia").sign());
		RestClient clerk = client(TestTokens.withRoles("clerk").subject("carl").sign());
		send(manager, "/api/customers", "{\"customerId\":\"audit-c\",\"name\":\"Ann\",\"creditLimit\":100.00}");
		send(manager, "/api/products", "{\"productId\":\"audit-p\",\"name\":\"A\",\"price\":10.00,\"stock\":5}");
		send(clerk, "/api/orders", "{\"orderId\":\"audit-o\",\"customerId\":\"audit-c\",\"lines\":"
				+ "[{\"productId\":\"audit-p\",\"quantity\":1,\"unitPrice\":10.00}]}");
		awaitEvent("audit-o", OrderApprovedEvent.class);

		List<DomainEventMessage<?>> events = new ArrayList<>();
		for (String aggregate : List.of("audit-c", "audit-p", "audit-o")) {
			this.eventStore.readEvents(aggregate).asStream().forEach(events::add);
		}
		assertThat(events)
			.extracting((event) -> event.getPayloadType().getSimpleName() + " by "
					+ event.getMetaData().get(AuditMetadata.PRINCIPAL))
			.containsExactly("CustomerCreatedEvent by mia", "CreditReservedEvent by carl", "ProductCreatedEvent by mia",
					"StockReservedEvent by carl", "OrderPlacedEvent by carl", "OrderApprovedEvent by carl");
		// the order and the saga's steps for it share one trace: the command that placed
		// it
		assertThat(events.stream()
			.filter((event) -> "carl".equals(event.getMetaData().get(AuditMetadata.PRINCIPAL)))
			.map((event) -> event.getMetaData().get("traceId"))
			.distinct()).singleElement().isNotNull();
	}

	private RestClient client(String token) {
		return RestClient.builder()
			.defaultHeader("Authorization", "Bearer " + token)
			.baseUrl("http://localhost:" + this.port)
			.build();
	}

	private static void send(RestClient client, String path, String json) {
		assertThat(client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.is2xxSuccessful()).as(path).isTrue();
	}

	/** A tracking stream never ends; this reads what is stored now. */
	private List<Object> allEventsSoFar() {
		List<Object> events = new ArrayList<>();
		try (BlockingStream<TrackedEventMessage<?>> stream = this.eventStore.openStream(null)) {
			while (stream.hasNextAvailable()) {
				events.add(stream.nextAvailable().getPayload());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return events;
	}

	private boolean isApproved(OrderId orderId) {
		List<Object> events = payloads(orderId.value());
		return events.stream().anyMatch(OrderApprovedEvent.class::isInstance)
				&& events.stream().noneMatch(OrderCancelledEvent.class::isInstance);
	}

	private <T> T awaitEvent(String aggregateId, Class<T> type) {
		return await().alias(type.getSimpleName() + " in " + aggregateId)
			.atMost(Duration.ofSeconds(20))
			.until(() -> payloads(aggregateId).stream().filter(type::isInstance).map(type::cast).findFirst(),
					java.util.Optional::isPresent)
			.orElseThrow();
	}

	private List<Object> payloads(String aggregateId) {
		return this.eventStore.readEvents(aggregateId)
			.asStream()
			.map(DomainEventMessage::getPayload)
			.map(Object.class::cast)
			.toList();
	}

	private void placeOrder(String orderId, String lines) {
		placeOrder(orderId, "saga-c", lines);
	}

	private void placeOrder(String orderId, String customerId, String lines) {
		assertThat(post("/api/orders",
				"{\"orderId\":\"" + orderId + "\",\"customerId\":\"" + customerId + "\",\"lines\":[" + lines + "]}")
			.getStatusCode()
			.value()).isEqualTo(202);
	}

	private ResponseEntity<String> post(String path, String json) {
		return RestClient.builder()
			.defaultHeader("Authorization", TestTokens.operator())
			.baseUrl("http://localhost:" + this.port)
			.build()
			.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> {
			})
			.toEntity(String.class);
	}

}
