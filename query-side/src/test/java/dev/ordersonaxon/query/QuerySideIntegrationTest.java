package dev.ordersonaxon.query;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CreditLimitChangedEvent;
import dev.ordersonaxon.api.customer.CreditReleasedEvent;
import dev.ordersonaxon.api.customer.CreditReservedEvent;
import dev.ordersonaxon.api.customer.CustomerCreatedEvent;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.FindOrderQuery;
import dev.ordersonaxon.api.order.OrderApprovedEvent;
import dev.ordersonaxon.api.order.OrderCancelledEvent;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.order.OrderRejectedEvent;
import dev.ordersonaxon.api.order.OrderStatus;
import dev.ordersonaxon.api.order.RejectionReason;
import dev.ordersonaxon.api.product.ProductCreatedEvent;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.api.product.ProductRestockedEvent;
import dev.ordersonaxon.api.product.StockReleasedEvent;
import dev.ordersonaxon.api.product.StockReservationRejectedEvent;
import dev.ordersonaxon.api.product.StockReservedEvent;
import dev.ordersonaxon.eventstore.EventStoreWriter;
import dev.ordersonaxon.query.HttpJson.Response;
import dev.ordersonaxon.query.infrastructure.ViewRebuilds;
import dev.ordersonaxon.testsupport.TestDatabase;
import dev.ordersonaxon.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The query side as a running server on real PostgreSQL, fed by events appended to the
 * event store the way the command side appends them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "query-side.updates-heartbeat=200ms")
class QuerySideIntegrationTest {

	private static final TestDatabase DATABASE = TestDatabase.create("query_side_it");

	private static final EventStoreWriter EVENTS = EventStoreWriter.start(DATABASE);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionManager transactionManager;

	@Autowired
	TokenStore tokenStore;

	@Autowired
	EventProcessingConfiguration processing;

	@Autowired
	ViewRebuilds views;

	@Autowired
	SimpleQueryUpdateEmitter updateEmitter;

	@Autowired
	JsonMapper jsonMapper;

	HttpJson http;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		DATABASE.registerDataSource(registry);
		TestTokens.registerVerifier(registry);
	}

	@AfterAll
	static void stopWriter() {
		EVENTS.close();
	}

	@BeforeEach
	void client() {
		this.http = new HttpJson(this.port);
	}

	@Test
	void eventsAppearInCustomerProductAndOrderViews() {
		Scenario s = Scenario.appendFullLifecycle(EVENTS);

		await().atMost(TIMEOUT).untilAsserted(() -> {
			JsonNode ada = this.http.get("/api/customers/" + s.ada()).body();
			assertThat(ada.path("name").asText()).isEqualTo("Ada");
			assertThat(ada.path("creditLimit").decimalValue()).isEqualTo(new BigDecimal("1500.00"));
			assertThat(ada.path("creditReserved").decimalValue()).isEqualTo(new BigDecimal("81.00"));
			assertThat(ada.path("creditAvailable").decimalValue()).isEqualTo(new BigDecimal("1419.00"));
			JsonNode widget = this.http.get("/api/products/" + s.widget()).body();
			assertThat(widget.path("stockAvailable").asInt()).isEqualTo(117);
			assertThat(widget.path("stockReserved").asInt()).isEqualTo(3);
			assertThat(widget.path("price").decimalValue()).isEqualTo(new BigDecimal("10.00"));
			JsonNode gadget = this.http.get("/api/products/" + s.gadget()).body();
			assertThat(gadget.path("stockAvailable").asInt()).isEqualTo(3);
			assertThat(gadget.path("stockReserved").asInt()).isEqualTo(2);
			assertThat(this.http.get("/api/orders/" + s.cancelled()).body().path("status").asText())
				.isEqualTo("CANCELLED");
		});

		JsonNode bob = this.http.get("/api/customers/" + s.bob()).body();
		assertThat(bob.path("creditReserved").decimalValue()).isEqualTo(new BigDecimal("0.00"));
		JsonNode approved = this.http.get("/api/orders/" + s.approved()).body();
		assertThat(approved.path("status").asText()).isEqualTo("APPROVED");
		assertThat(approved.path("customerId").asText()).isEqualTo(s.ada().value());
		assertThat(approved.path("total").decimalValue()).isEqualTo(new BigDecimal("81.00"));
		assertThat(approved.path("lines")).hasSize(2);
		assertThat(approved.path("lines").get(0).path("productId").asText()).isEqualTo(s.widget().value());
		assertThat(approved.path("lines").get(0).path("unitPrice").decimalValue()).isEqualTo(new BigDecimal("10.00"));
		assertThat(approved.path("rejectionReason").isNull()).isTrue();
		assertThat(approved.path("placedAt").asText()).endsWith("Z");
		JsonNode rejected = this.http.get("/api/orders/" + s.rejected()).body();
		assertThat(rejected.path("status").asText()).isEqualTo("REJECTED");
		assertThat(rejected.path("rejectionReason").asText()).isEqualTo("OUT_OF_STOCK");
	}

	@Test
	void ordersAreListedNewestFirstAndFilteredByCustomerAndStatus() {
		Scenario s = Scenario.appendFullLifecycle(EVENTS);
		await().atMost(TIMEOUT)
			.until(() -> this.http.get("/api/orders/" + s.cancelled()).body().path("status").asText(),
					"CANCELLED"::equals);

		JsonNode adasOrders = this.http.get("/api/orders?customerId=" + s.ada()).body();
		assertThat(ids(adasOrders)).containsExactly(s.rejected().value(), s.approved().value());
		assertThat(adasOrders.path("totalElements").asLong()).isEqualTo(2);
		assertThat(adasOrders.path("page").asInt()).isZero();
		assertThat(adasOrders.path("size").asInt()).isEqualTo(20);
		assertThat(adasOrders.path("totalPages").asInt()).isEqualTo(1);

		JsonNode rejectedOfAda = this.http.get("/api/orders?customerId=" + s.ada() + "&status=REJECTED").body();
		assertThat(ids(rejectedOfAda)).containsExactly(s.rejected().value());

		JsonNode secondPage = this.http.get("/api/orders?customerId=" + s.ada() + "&page=1&size=1").body();
		assertThat(ids(secondPage)).containsExactly(s.approved().value());
		assertThat(secondPage.path("totalPages").asInt()).isEqualTo(2);

		JsonNode newestFirst = this.http.get("/api/orders?size=100").body();
		assertThat(ids(newestFirst).subList(0, 3)).containsExactly(s.cancelled().value(), s.rejected().value(),
				s.approved().value());
	}

	@Test
	void customersAndProductsArePaged() {
		Scenario s = Scenario.appendFullLifecycle(EVENTS);
		await().atMost(TIMEOUT).until(() -> this.http.get("/api/products/" + s.gadget()).status() == 200);

		JsonNode customers = this.http.get("/api/customers?page=0&size=1").body();
		assertThat(customers.path("content")).hasSize(1);
		assertThat(customers.path("size").asInt()).isEqualTo(1);
		assertThat(customers.path("totalElements").asLong()).isGreaterThanOrEqualTo(2);
		assertThat(customers.path("totalPages").asLong()).isEqualTo(customers.path("totalElements").asLong());
		JsonNode products = this.http.get("/api/products").body();
		assertThat(products.path("content").findValuesAsText("productId")).contains(s.widget().value(),
				s.gadget().value());
	}

	@Test
	void answersProblemsForUnknownIdsAndBadParameters() {
		assertProblem(this.http.get("/api/customers/nobody"), 404);
		assertProblem(this.http.get("/api/products/nothing"), 404);
		assertProblem(this.http.get("/api/orders/none"), 404);
		assertProblem(this.http.get("/api/orders/none/events"), 404);
		assertProblem(this.http.get("/api/orders/none/updates"), 404);
		assertProblem(this.http.get("/api/orders/not%20an%20id"), 404);
		assertProblem(this.http.post("/api/admin/projections/nonsense/replay"), 404);

		Response badSize = this.http.get("/api/customers?size=0");
		assertProblem(badSize, 400);
		assertThat(badSize.body().path("errors").findValuesAsText("field")).containsExactly("size");
		Response tooBig = this.http.get("/api/products?size=101&page=-1");
		assertProblem(tooBig, 400);
		assertThat(tooBig.body().path("errors").findValuesAsText("field")).containsExactlyInAnyOrder("page", "size");
		Response badStatus = this.http.get("/api/orders?status=SHIPPED");
		assertProblem(badStatus, 400);
		assertThat(badStatus.body().path("errors").findValuesAsText("field")).containsExactly("status");
		Response notANumber = this.http.get("/api/orders?page=first");
		assertProblem(notANumber, 400);
		assertThat(notANumber.body().path("errors").findValuesAsText("field")).containsExactly("page");
	}

	@Test
	void answersWithTheCommandSidesProblemVocabulary() throws Exception {
		Response unknownPath = this.http.get("/api/nothing-here");
		assertProblem(unknownPath, 404);
		assertThat(unknownPath.body().path("type").asText()).isEqualTo("/problems/not-found");
		assertThat(unknownPath.body().path("title").asText()).isEqualTo("Not found");
		Response unknownId = this.http.get("/api/customers/nobody");
		assertThat(unknownId.body().path("type").asText()).isEqualTo("/problems/not-found");
		Response badParameter = this.http.get("/api/customers?size=0");
		assertThat(badParameter.body().path("type").asText()).isEqualTo("/problems/invalid-input");
		assertThat(badParameter.body().path("title").asText()).isEqualTo("Invalid input");
		assertThat(badParameter.body().path("errors").get(0).path("field").asText()).isEqualTo("size");
		assertThat(badParameter.body().path("errors").get(0).path("message").asText()).isNotBlank();
		Response wrongMethod = this.http.delete("/api/customers/nobody");
		assertProblem(wrongMethod, 405);
		assertThat(wrongMethod.body().path("type").asText()).isEqualTo("/problems/method-not-allowed");

		HttpResponse<String> notAcceptable = this.http.client()
			.send(HttpRequest.newBuilder(this.http.uri("/api/customers"))
				.header("Authorization", TestTokens.operator())
				.header("Accept", "image/png")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(notAcceptable.statusCode()).isEqualTo(406);
		assertThat(notAcceptable.headers().firstValue("Content-Type").orElse(""))
			.startsWith("application/problem+json");
		assertThat(HttpJson.parse(notAcceptable.body()).path("type").asText()).isEqualTo("/problems/not-acceptable");
	}

	@Test
	void readsJsonWithinTheConfiguredLimits() {
		StreamReadConstraints limits = this.jsonMapper.tokenStreamFactory().streamReadConstraints();

		assertThat(limits.getMaxNestingDepth()).isEqualTo(32);
		assertThat(limits.getMaxStringLength()).isEqualTo(10_000);
		assertThat(limits.getMaxNumberLength()).isEqualTo(100);
	}

	@Test
	void answersAProblemToAStreamRequestForAnUnknownOrder() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(this.http.uri("/api/orders/none/updates"))
			.header("Authorization", TestTokens.operator())
			.header("Accept", "text/event-stream")
			.build();

		HttpResponse<String> response = this.http.client().send(request, HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

	@Test
	void showsTheOrdersEventStreamWithPayloadsAsJson() {
		Scenario s = Scenario.appendFullLifecycle(EVENTS);

		Response response = this.http.get("/api/orders/" + s.cancelled() + "/events");

		assertThat(response.status()).isEqualTo(200);
		JsonNode events = response.body();
		assertThat(events.findValuesAsText("type")).containsExactly("OrderPlacedEvent", "OrderApprovedEvent",
				"OrderCancelledEvent");
		assertThat(events.findValues("sequenceNumber").stream().map(JsonNode::asLong)).containsExactly(0L, 1L, 2L);
		JsonNode placed = events.get(0).path("payload");
		assertThat(placed.path("orderId").asText()).isEqualTo(s.cancelled().value());
		assertThat(placed.path("total").decimalValue()).isEqualTo(new BigDecimal("10.00"));
		assertThat(events.get(2).path("payload").path("previousStatus").asText()).isEqualTo("APPROVED");
		assertThat(events.get(0).path("timestamp").asText()).endsWith("Z");
	}

	@Test
	void showsWhoCausedEachEventOfAnOrderAndNoOtherMetadata() {
		OrderId orderId = new OrderId("audited-" + UUID.randomUUID());
		EVENTS.appendAll(List.of(EVENTS
			.next("Order", orderId,
					new OrderPlacedEvent(orderId, new CustomerId("c"),
							List.of(new OrderLine(new ProductId("p"), 1, Money.of("1.00"))), Money.of("1.00")))
			.andMetaData(Map.of("principal", "carl", "traceId", "t-1", "correlationId", "t-1", "internal", "x"))));

		Response response = this.http.get("/api/orders/" + orderId + "/events");

		assertThat(response.status()).isEqualTo(200);
		JsonNode metadata = response.body().get(0).path("metadata");
		assertThat(metadata.path("principal").asText()).isEqualTo("carl");
		assertThat(metadata.path("traceId").asText()).isEqualTo("t-1");
		assertThat(metadata.path("correlationId").asText()).isEqualTo("t-1");
		assertThat(metadata.has("internal")).isFalse();
	}

	@Test
	void streamsTheCurrentOrderThenEachChangeUntilItIsFinal() throws Exception {
		CustomerId customer = new CustomerId("sse-customer-" + UUID.randomUUID());
		OrderId orderId = new OrderId("sse-order-" + UUID.randomUUID());
		EVENTS.append("Order", orderId, new OrderPlacedEvent(orderId, customer,
				List.of(new OrderLine(new ProductId("p"), 1, Money.of("4.20"))), Money.of("4.20")));
		await().atMost(TIMEOUT).until(() -> this.http.get("/api/orders/" + orderId).status() == 200);

		BlockingQueue<String> data = new LinkedBlockingQueue<>();
		HttpRequest request = HttpRequest.newBuilder(this.http.uri("/api/orders/" + orderId + "/updates"))
			.header("Authorization", TestTokens.operator())
			.header("Accept", "text/event-stream")
			.build();
		HttpResponse<Stream<String>> response = this.http.client().send(request, HttpResponse.BodyHandlers.ofLines());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
		CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> response.body()
			.filter((line) -> line.startsWith("data:"))
			.forEach((line) -> data.add(line.substring("data:".length()))));

		assertThat(status(data.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS))).isEqualTo("PENDING");
		EVENTS.append("Order", orderId, new OrderApprovedEvent(orderId));
		assertThat(status(data.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS))).isEqualTo("APPROVED");
		EVENTS.append("Order", orderId, new OrderCancelledEvent(orderId, customer,
				List.of(new OrderLine(new ProductId("p"), 1, Money.of("4.20"))), OrderStatus.APPROVED));
		assertThat(status(data.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS))).isEqualTo("CANCELLED");
		reading.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(data).isEmpty();
	}

	@Test
	void aStreamGetsWhatChangedWhileItsNodeWasNotListening() throws Exception {
		CustomerId customer = new CustomerId("sse-relisten-customer-" + UUID.randomUUID());
		OrderId orderId = new OrderId("sse-relisten-order-" + UUID.randomUUID());
		EVENTS.append("Order", orderId, new OrderPlacedEvent(orderId, customer,
				List.of(new OrderLine(new ProductId("p"), 1, Money.of("3.00"))), Money.of("3.00")));
		await().atMost(TIMEOUT).until(() -> this.http.get("/api/orders/" + orderId).status() == 200);
		BlockingQueue<String> data = new LinkedBlockingQueue<>();
		HttpRequest request = HttpRequest.newBuilder(this.http.uri("/api/orders/" + orderId + "/updates"))
			.header("Authorization", TestTokens.operator())
			.header("Accept", "text/event-stream")
			.build();
		HttpResponse<Stream<String>> response = this.http.client().send(request, HttpResponse.BodyHandlers.ofLines());
		CompletableFuture.runAsync(() -> response.body()
			.filter((line) -> line.startsWith("data:"))
			.forEach((line) -> data.add(line.substring("data:".length()))));
		assertThat(status(data.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS))).isEqualTo("PENDING");

		Integer listener = orderChangesListener();
		assertThat(this.jdbc.queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, listener)).isTrue();
		EVENTS.append("Order", orderId, new OrderApprovedEvent(orderId));
		await().atMost(TIMEOUT)
			.until(() -> "APPROVED".equals(this.http.get("/api/orders/" + orderId).body().path("status").asText()));
		Instant approvedBy = this.jdbc.queryForObject("SELECT clock_timestamp()", Instant.class);

		assertThat(status(data.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS))).isEqualTo("APPROVED");
		// the approval was committed while nobody listened: its notification was lost
		Instant relistening = this.jdbc
			.queryForObject("SELECT backend_start FROM pg_stat_activity WHERE datname = current_database()"
					+ " AND query = 'LISTEN order_views'", Instant.class);
		assertThat(relistening).as("listening again only after the approval").isAfter(approvedBy);
		response.body().close();
	}

	private Integer orderChangesListener() {
		return await().atMost(TIMEOUT)
			.until(() -> this.jdbc
				.queryForList("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
						+ " AND query = 'LISTEN order_views'", Integer.class)
				.stream()
				.findFirst()
				.orElse(null), (pid) -> pid != null);
	}

	@Test
	void aStreamWhoseClientWentAwayEndsWithItsSubscriptionAtTheNextHeartbeat() throws Exception {
		CustomerId customer = new CustomerId("sse-gone-customer-" + UUID.randomUUID());
		OrderId orderId = new OrderId("sse-gone-order-" + UUID.randomUUID());
		EVENTS.append(
				"Order", orderId, new OrderPlacedEvent(orderId, customer,
						List.of(new OrderLine(new ProductId("p"), 1, Money.of("1.00"))), Money.of("1.00")),
				new OrderApprovedEvent(orderId));
		await().atMost(TIMEOUT)
			.until(() -> "APPROVED".equals(this.http.get("/api/orders/" + orderId).body().path("status").asText()));

		HttpRequest request = HttpRequest.newBuilder(this.http.uri("/api/orders/" + orderId + "/updates"))
			.header("Authorization", TestTokens.operator())
			.header("Accept", "text/event-stream")
			.build();
		HttpResponse<Stream<String>> response = this.http.client().send(request, HttpResponse.BodyHandlers.ofLines());
		try (Stream<String> lines = response.body()) {
			// an approved order's stream stays open: it may still be cancelled
			assertThat(lines.filter((line) -> line.startsWith("data:")).findFirst()).isPresent();
			assertThat(followers(orderId)).isEqualTo(1);
		}

		await().atMost(TIMEOUT).until(() -> followers(orderId) == 0);
	}

	private long followers(OrderId orderId) {
		return this.updateEmitter.activeSubscriptions()
			.stream()
			.filter((query) -> query.getPayload() instanceof FindOrderQuery find && find.orderId().equals(orderId))
			.count();
	}

	@Test
	void adminShowsEveryProjectionCaughtUpWithTheHead() {
		Scenario.appendFullLifecycle(EVENTS);
		long head = this.jdbc.queryForObject("SELECT max(global_index) FROM event_store.domain_event_entry",
				Long.class);

		await().atMost(TIMEOUT).untilAsserted(() -> {
			JsonNode projections = this.http.get("/api/admin/projections").body();
			assertThat(projections.findValuesAsText("name")).containsExactly("customers", "products", "orders");
			for (JsonNode projection : projections) {
				assertThat(projection.path("head").asLong()).isGreaterThanOrEqualTo(head);
				assertThat(projection.path("position").asLong()).isEqualTo(projection.path("head").asLong());
				assertThat(projection.path("progress").asDouble()).isEqualTo(1.0);
				assertThat(projection.path("replaying").asBoolean()).isFalse();
			}
		});
	}

	@Test
	void replayOfEveryProjectionRebuildsIdenticalViews() {
		Scenario s = Scenario.appendFullLifecycle(EVENTS);
		await().atMost(TIMEOUT).until(this::caughtUp);
		Map<String, List<Map<String, Object>>> before = views();
		// Damage every view: only a rebuild from the events can repair it.
		this.jdbc.update("UPDATE read_model.customer_view SET name = 'damaged'");
		this.jdbc.update("UPDATE read_model.product_view SET stock_available = -1");
		this.jdbc.update("DELETE FROM read_model.order_view WHERE order_id = ?", s.approved().value());
		assertThat(views()).isNotEqualTo(before);

		for (String name : List.of("customers", "products", "orders")) {
			Response accepted = this.http.post("/api/admin/projections/" + name + "/replay");
			assertThat(accepted.status()).isEqualTo(202);
			assertThat(accepted.body().path("name").asText()).isEqualTo(name);
		}

		await().atMost(TIMEOUT).until(this::caughtUp);
		assertThat(views()).isEqualTo(before);
	}

	@Test
	void theApiReadsTheViewAsItWasUntilItsRebuildTakesItsPlace() throws Exception {
		Scenario s = Scenario.appendFullLifecycle(EVENTS);
		await().atMost(TIMEOUT).until(this::caughtUp);
		Map<String, List<Map<String, Object>>> before = views();
		// an operator's index whose name only reads in quotes is carried over too
		this.jdbc.execute("CREATE INDEX \"Customers by Name\" ON read_model.customer_view (name)");
		List<Map<String, Object>> indexes = indexes();
		// and so are privileges granted on it, its storage parameters and comments
		this.jdbc.execute(
				"DO $$ BEGIN CREATE ROLE view_reader NOLOGIN;" + " EXCEPTION WHEN duplicate_object THEN NULL; END $$");
		this.jdbc.execute(
				"DO $$ BEGIN CREATE ROLE view_owner NOLOGIN;" + " EXCEPTION WHEN duplicate_object THEN NULL; END $$");
		String owner = this.jdbc.queryForObject("SELECT current_user", String.class);
		this.jdbc.execute("ALTER TABLE read_model.customer_view OWNER TO view_owner");
		this.jdbc.execute("GRANT SELECT ON read_model.customer_view TO view_reader");
		this.jdbc.execute("GRANT UPDATE (name) ON read_model.customer_view TO view_reader");
		this.jdbc.execute("ALTER TABLE read_model.customer_view SET (fillfactor = 90)");
		this.jdbc.execute("COMMENT ON TABLE read_model.customer_view IS 'Customers as the API shows them'");
		this.jdbc.execute("COMMENT ON COLUMN read_model.customer_view.name IS 'As the customer gave it'");
		Map<String, Object> settings = settings("customer_view");
		this.jdbc.update("UPDATE read_model.customer_view SET name = 'damaged'");

		try (Connection held = holdRebuildOf("customer_view")) {
			assertThat(this.http.post("/api/admin/projections/customers/replay").status()).isEqualTo(202);

			await().atMost(TIMEOUT).until(() -> rebuilt("customer_view", s.ada().value()));
			JsonNode customers = projection("customers");
			assertThat(customers.path("position").asLong()).isEqualTo(customers.path("head").asLong());
			assertThat(customers.path("replaying").asBoolean()).as("replaying until the rebuild is in place").isTrue();
			assertThat(this.http.get("/api/customers/" + s.ada()).body().path("name").asText()).isEqualTo("damaged");
			assertThatThrownBy(() -> this.jdbc.update("UPDATE read_model.customer_view SET name = 'lost'"))
				.as("a write the swap would drop")
				.hasMessageContaining("read_model.customer_view is being rebuilt");
		}

		await().atMost(TIMEOUT).until(this::caughtUp);
		assertThat(this.http.get("/api/customers/" + s.ada()).body().path("name").asText()).isEqualTo("Ada");
		assertThat(views()).isEqualTo(before);
		assertThat(indexes()).as("the views' indexes, by name and definition").isEqualTo(indexes);
		assertThat(indexes).anyMatch((index) -> index.containsValue("Customers by Name"));
		assertThat(settings("customer_view")).as("grants, storage parameters, comments").isEqualTo(settings);
		assertThat(settings).containsEntry("reader_selects", true)
			.containsEntry("reader_updates", false)
			.containsEntry("reader_updates_name", true)
			.containsEntry("comment", "Customers as the API shows them")
			.containsEntry("owner", "view_owner");
		this.jdbc.execute("ALTER TABLE read_model.customer_view OWNER TO " + owner);
		this.jdbc.execute("REVOKE ALL ON read_model.customer_view FROM view_reader");
		this.jdbc.execute("REVOKE ALL (name) ON read_model.customer_view FROM view_reader");
		assertThat(
				this.jdbc.queryForList("SELECT tablename FROM pg_tables WHERE schemaname = 'read_model'", String.class))
			.noneMatch((table) -> table.endsWith("_rebuild"));
		this.jdbc.execute("DROP INDEX read_model.\"Customers by Name\"");
	}

	@Test
	void aRebuiltViewThatCannotTakeItsViewsPlaceShowsInHealthUntilItDoes() throws Exception {
		Scenario.appendFullLifecycle(EVENTS);
		await().atMost(TIMEOUT).until(this::caughtUp);
		// a name with no room left for the rebuild's suffix: the swap cannot copy the
		// index
		String index = "products_by_name_" + "x".repeat(63 - "products_by_name_".length());
		this.jdbc.execute("CREATE INDEX " + index + " ON read_model.product_view (name)");
		try {
			assertThat(this.http.post("/api/admin/projections/products/replay").status()).isEqualTo(202);

			await().atMost(TIMEOUT).until(() -> "DEGRADED".equals(viewRebuildsStatus()));
			Response health = this.http.get("/actuator/health");
			assertThat(health.status()).as("still in the load balancer").isEqualTo(200);
			JsonNode stuck = stuckRebuilds();
			assertThat(stuck.path("read_model.product_view").path("attempts").asInt()).isGreaterThanOrEqualTo(3);
			assertThat(stuck.path("read_model.product_view").path("error").asText()).contains(index);
			assertThat(projection("products").path("replaying").asBoolean()).isTrue();
		}
		finally {
			this.jdbc.execute("DROP INDEX read_model." + index);
		}

		await().atMost(TIMEOUT).until(this::caughtUp);
		assertThat(viewRebuildsStatus()).isEqualTo("UP");
	}

	@Test
	void aReplayDuringARebuildStartsItOver() throws Exception {
		Scenario s = Scenario.appendFullLifecycle(EVENTS);
		await().atMost(TIMEOUT).until(this::caughtUp);
		Map<String, List<Map<String, Object>>> before = views();

		try (Connection held = holdRebuildOf("order_view")) {
			assertThat(this.http.post("/api/admin/projections/orders/replay").status()).isEqualTo(202);
			await().atMost(TIMEOUT).until(() -> rebuilt("order_view", s.approved().value()));
			// the rebuild goes wrong before it is done
			this.jdbc.update("UPDATE read_model.order_view_rebuild SET status = 'PENDING' WHERE order_id = ?",
					s.approved().value());

			assertThat(this.http.post("/api/admin/projections/orders/replay").status()).isEqualTo(202);
		}

		await().atMost(TIMEOUT).until(this::caughtUp);
		assertThat(views()).isEqualTo(before);
	}

	@Test
	void aRebuiltOrderViewTellsEveryNodeToSendItsStreamsTheViewsAgain() throws Exception {
		Scenario s = Scenario.appendFullLifecycle(EVENTS);
		await().atMost(TIMEOUT).until(this::caughtUp);
		List<String> announced = new ArrayList<>();

		try (Connection listener = DriverManager.getConnection(DATABASE.jdbcUrl(), DATABASE.user(),
				DATABASE.password())) {
			try (Connection held = holdRebuildOf("order_view")) {
				assertThat(this.http.post("/api/admin/projections/orders/replay").status()).isEqualTo(202);
				await().atMost(TIMEOUT).until(() -> rebuilt("order_view", s.approved().value()));
				listener.createStatement().execute("LISTEN order_views");
			}
			await().atMost(TIMEOUT).until(() -> {
				PGNotification[] received = listener.unwrap(PGConnection.class).getNotifications(100);
				for (PGNotification notification : (received != null) ? received : new PGNotification[0]) {
					announced.add(notification.getParameter());
				}
				return announced.contains("*");
			});
		}
		await().atMost(TIMEOUT).until(this::caughtUp);
	}

	@Test
	void aRebuildWhoseViewAMigrationChangedIsNotSwappedInButStartedOverAsTheNodeStarts() throws Exception {
		Scenario s = Scenario.appendFullLifecycle(EVENTS);
		await().atMost(TIMEOUT).until(this::caughtUp);
		try {
			try (Connection held = holdRebuildOf("product_view")) {
				assertThat(this.http.post("/api/admin/projections/products/replay").status()).isEqualTo(202);
				await().atMost(TIMEOUT).until(() -> rebuilt("product_view", s.widget().value()));
				// a new release's migration, run while the rebuild is under way
				this.jdbc.execute("ALTER TABLE read_model.product_view ADD COLUMN note text");
			}

			await().atMost(TIMEOUT).until(() -> "DEGRADED".equals(viewRebuildsStatus()));
			assertThat(stuckRebuilds().path("read_model.product_view").path("error").asText())
				.contains("have changed since its rebuild began (note)");
			assertThat(columnsOf("product_view")).as("the migrated view stays").contains("note");

			// what a node does as it starts, before its processors do
			StreamingEventProcessor products = this.processing.eventProcessor("products", StreamingEventProcessor.class)
				.orElseThrow();
			products.shutDown();
			this.views.startOverChangedRebuilds(this.processing);
			products.start();

			await().atMost(TIMEOUT).until(this::caughtUp);
			assertThat(columnsOf("product_view")).contains("note");
			assertThat(this.http.get("/api/products/" + s.widget()).status()).isEqualTo(200);
			assertThat(viewRebuildsStatus()).isEqualTo("UP");
		}
		finally {
			await().atMost(TIMEOUT).until(this::caughtUp);
			this.jdbc.execute("ALTER TABLE read_model.product_view DROP COLUMN IF EXISTS note");
		}
	}

	/** The status of the health component that watches the views' rebuilds. */
	private String viewRebuildsStatus() {
		return viewRebuildsHealth().path("status").asText();
	}

	/** The rebuilds that could not take their views' place, by view. */
	private JsonNode stuckRebuilds() {
		return viewRebuildsHealth().path("details").path("stuck");
	}

	private JsonNode viewRebuildsHealth() {
		return this.http.get("/actuator/health").body().path("components").path("viewRebuilds");
	}

	private List<String> columnsOf(String view) {
		return this.jdbc.queryForList("SELECT column_name FROM information_schema.columns"
				+ " WHERE table_schema = 'read_model' AND table_name = ?", String.class, view);
	}

	/**
	 * Holds back the end of the view's rebuilds while the connection is open: the swap
	 * waits for this lock, which a rebuild's own batches share.
	 */
	private static Connection holdRebuildOf(String view) throws SQLException {
		Connection held = DriverManager.getConnection(DATABASE.jdbcUrl(), DATABASE.user(), DATABASE.password());
		held.createStatement()
			.execute("SELECT pg_advisory_lock_shared(hashtextextended('orders-on-axon view rebuild read_model." + view
					+ "', 0))");
		return held;
	}

	@Test
	void refusesReplayWhileAnotherNodeHoldsTheProjection() {
		await().atMost(TIMEOUT)
			.until(() -> this.jdbc.queryForObject(
					"SELECT count(*) FROM read_model.token_entry WHERE processor_name = 'products'",
					Integer.class) == 1);
		this.jdbc.update("UPDATE read_model.token_entry SET owner = 'other-node', timestamp = ?"
				+ " WHERE processor_name = 'products'", Instant.now().toString());
		try {
			Response refused = this.http.post("/api/admin/projections/products/replay");

			assertProblem(refused, 409);
			assertThat(refused.body().path("detail").asText()).contains("other-node",
					"stop the other query-side nodes");
		}
		finally {
			this.jdbc.update("UPDATE read_model.token_entry SET owner = NULL WHERE processor_name = 'products'");
		}
	}

	@Test
	void viewWritesAndTokensShareOneTransaction() {
		assertThatThrownBy(() -> this.transactionManager.executeInTransaction(() -> {
			this.jdbc.update("INSERT INTO read_model.customer_view VALUES ('tx-probe', 'Probe', 1, 0)");
			this.tokenStore.initializeTokenSegments("tx-probe", 1);
			// JDBC sees the token the JPA token store has flushed but not committed: one
			// connection.
			assertThat(this.jdbc.queryForObject(
					"SELECT count(*) FROM read_model.token_entry WHERE processor_name = 'tx-probe'", Integer.class))
				.isEqualTo(1);
			throw new IllegalStateException("roll the batch back");
		})).hasMessage("roll the batch back");

		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM read_model.customer_view WHERE customer_id = 'tx-probe'", Integer.class))
			.isZero();
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM read_model.token_entry WHERE processor_name = 'tx-probe'", Integer.class))
			.isZero();
	}

	private JsonNode projection(String projection) {
		for (JsonNode status : this.http.get("/api/admin/projections").body()) {
			if (status.path("name").asText().equals(projection)) {
				return status;
			}
		}
		throw new AssertionError("No projection " + projection);
	}

	/** Whether the view's rebuild table holds the row of the key. */
	private boolean rebuilt(String view, String key) {
		String table = "read_model." + view + "_rebuild";
		if (this.jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, table)) {
			return this.jdbc.queryForObject(
					"SELECT count(*) FROM " + table + " WHERE " + view.replace("_view", "_id") + " = ?", Integer.class,
					key) == 1;
		}
		return false;
	}

	/**
	 * What an operator may set on a view's table besides its indexes: privileges (as
	 * {@code view_reader} has them), storage parameters, owner, comments.
	 */
	private Map<String, Object> settings(String table) {
		return this.jdbc.queryForMap("SELECT has_table_privilege('view_reader', c.oid, 'SELECT') AS reader_selects,"
				+ " has_table_privilege('view_reader', c.oid, 'UPDATE') AS reader_updates,"
				+ " has_column_privilege('view_reader', c.oid, 'name', 'UPDATE') AS reader_updates_name,"
				+ " c.reloptions::text AS options, pg_get_userbyid(c.relowner) AS owner,"
				+ " obj_description(c.oid, 'pg_class') AS comment, col_description(c.oid, (SELECT attnum"
				+ " FROM pg_attribute WHERE attrelid = c.oid AND attname = 'name')) AS name_comment"
				+ " FROM pg_class c WHERE c.oid = CAST(? AS regclass)", "read_model." + table);
	}

	private List<Map<String, Object>> indexes() {
		return this.jdbc.queryForList("SELECT tablename, indexname, indexdef FROM pg_indexes"
				+ " WHERE schemaname = 'read_model' AND tablename LIKE '%\\_view' ORDER BY indexname");
	}

	private boolean caughtUp() {
		JsonNode projections = this.http.get("/api/admin/projections").body();
		for (JsonNode projection : projections) {
			if (projection.path("progress").asDouble() < 1.0 || projection.path("replaying").asBoolean()) {
				return false;
			}
		}
		return true;
	}

	private Map<String, List<Map<String, Object>>> views() {
		return Map.of("customers",
				this.jdbc.queryForList("SELECT * FROM read_model.customer_view ORDER BY customer_id"), "products",
				this.jdbc.queryForList("SELECT * FROM read_model.product_view ORDER BY product_id"), "orders",
				this.jdbc
					.queryForList("SELECT order_id, customer_id, lines::text AS lines, total, status, rejection_reason,"
							+ " placed_at, updated_at FROM read_model.order_view ORDER BY order_id"));
	}

	private static List<String> ids(JsonNode page) {
		return page.path("content").findValuesAsText("orderId");
	}

	private static String status(String json) {
		assertThat(json).as("an update within %s", TIMEOUT).isNotNull();
		return HttpJson.parse(json).path("status").asText();
	}

	private static void assertProblem(Response response, int status) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body().path("status").asInt()).isEqualTo(status);
		assertThat(response.body().path("type").asText()).startsWith("/problems/");
		assertThat(response.body().path("title").asText()).isNotBlank();
		assertThat(response.body().path("detail").asText()).isNotBlank();
	}

	/**
	 * Two customers, two products and three orders: approved, rejected, and cancelled
	 * after approval.
	 */
	record Scenario(CustomerId ada, CustomerId bob, ProductId widget, ProductId gadget, OrderId approved,
			OrderId rejected, OrderId cancelled) {

		static Scenario appendFullLifecycle(EventStoreWriter events) {
			String run = UUID.randomUUID().toString().substring(0, 8);
			Scenario s = new Scenario(new CustomerId("ada-" + run), new CustomerId("bob-" + run),
					new ProductId("widget-" + run), new ProductId("gadget-" + run), new OrderId("o1-" + run),
					new OrderId("o2-" + run), new OrderId("o3-" + run));
			Money ten = Money.of("10.00");
			Money gadgetPrice = Money.of("25.50");
			events.append("Customer", s.ada(), new CustomerCreatedEvent(s.ada(), "Ada", Money.of("1000.00")),
					new CreditLimitChangedEvent(s.ada(), Money.of("1500.00")));
			events.append("Customer", s.bob(), new CustomerCreatedEvent(s.bob(), "Bob", Money.of("50")));
			events.append("Product", s.widget(), new ProductCreatedEvent(s.widget(), "Widget", ten, 100),
					new ProductRestockedEvent(s.widget(), 20));
			events.append("Product", s.gadget(), new ProductCreatedEvent(s.gadget(), "Gadget", gadgetPrice, 5));

			List<OrderLine> firstLines = List.of(new OrderLine(s.widget(), 3, ten),
					new OrderLine(s.gadget(), 2, gadgetPrice));
			events.append("Order", s.approved(),
					new OrderPlacedEvent(s.approved(), s.ada(), firstLines, Money.of("81.00")));
			events.append("Customer", s.ada(), new CreditReservedEvent(s.ada(), s.approved(), Money.of("81.00")));
			events.append("Product", s.widget(), new StockReservedEvent(s.widget(), s.approved(), 3));
			events.append("Product", s.gadget(), new StockReservedEvent(s.gadget(), s.approved(), 2));
			events.append("Order", s.approved(), new OrderApprovedEvent(s.approved()));

			List<OrderLine> tooMany = List.of(new OrderLine(s.gadget(), 10, gadgetPrice));
			events.append("Order", s.rejected(),
					new OrderPlacedEvent(s.rejected(), s.ada(), tooMany, Money.of("255.00")));
			events.append("Customer", s.ada(), new CreditReservedEvent(s.ada(), s.rejected(), Money.of("255.00")));
			events.append("Product", s.gadget(),
					new StockReservationRejectedEvent(s.gadget(), s.rejected(), 10, RejectionReason.OUT_OF_STOCK));
			events.append("Customer", s.ada(), new CreditReleasedEvent(s.ada(), s.rejected(), Money.of("255.00")));
			events.append("Order", s.rejected(), new OrderRejectedEvent(s.rejected(), RejectionReason.OUT_OF_STOCK));

			List<OrderLine> single = List.of(new OrderLine(s.widget(), 1, ten));
			events.append("Order", s.cancelled(), new OrderPlacedEvent(s.cancelled(), s.bob(), single, ten));
			events.append("Customer", s.bob(), new CreditReservedEvent(s.bob(), s.cancelled(), ten));
			events.append("Product", s.widget(), new StockReservedEvent(s.widget(), s.cancelled(), 1));
			events.append("Order", s.cancelled(), new OrderApprovedEvent(s.cancelled()));
			events.append("Order", s.cancelled(),
					new OrderCancelledEvent(s.cancelled(), s.bob(), single, OrderStatus.APPROVED));
			events.append("Product", s.widget(), new StockReleasedEvent(s.widget(), s.cancelled(), 1));
			events.append("Customer", s.bob(), new CreditReleasedEvent(s.bob(), s.cancelled(), ten));
			return s;
		}

	}

}
