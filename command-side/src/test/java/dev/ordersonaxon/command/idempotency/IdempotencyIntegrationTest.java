package dev.ordersonaxon.command.idempotency;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.ordersonaxon.command.web.IdempotentCommands;
import dev.ordersonaxon.testsupport.TestDatabase;
import dev.ordersonaxon.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Repeats made safe, over real HTTP on real PostgreSQL: the Idempotency-Key header, and a
 * create repeated with its own id.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyIntegrationTest {

	static final TestDatabase database = TestDatabase.create("command_idempotency_it");

	private static final String CUSTOMER = "idem-c";

	private static final String PRODUCT = "idem-p";

	private static final String ORDER_BODY = "{\"customerId\":\"" + CUSTOMER + "\",\"lines\":[{\"productId\":\""
			+ PRODUCT + "\",\"quantity\":1,\"unitPrice\":1.00}]}";

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		database.registerDataSource(registry);
		TestTokens.registerVerifier(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JsonMapper json;

	@Autowired
	IdempotencySweeper sweeper;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	void shop() throws Exception {
		assertThat(send("POST", "/api/customers",
				"{\"customerId\":\"" + CUSTOMER + "\",\"name\":\"Ann\",\"creditLimit\":1000000.00}", null)
			.statusCode()).isEqualTo(201);
		assertThat(send("POST", "/api/products",
				"{\"productId\":\"" + PRODUCT + "\",\"name\":\"Pen\",\"price\":1.00,\"stock\":1000000}", null)
			.statusCode()).isEqualTo(201);
	}

	@Test
	void aRepeatWithTheSameKeyGetsTheFirstAnswerAndAppendsNothing() throws Exception {
		HttpResponse<String> first = send("POST", "/api/orders", ORDER_BODY, "order-once");
		long events = eventCount();

		HttpResponse<String> repeat = send("POST", "/api/orders", ORDER_BODY, "order-once");

		assertThat(first.statusCode()).isEqualTo(202);
		assertThat(first.headers().firstValue(IdempotentCommands.REPLAYED)).isEmpty();
		assertThat(repeat.statusCode()).isEqualTo(202);
		assertThat(this.json.readTree(repeat.body())).isEqualTo(this.json.readTree(first.body()));
		assertThat(repeat.headers().firstValue(IdempotentCommands.REPLAYED)).hasValue("true");
		assertThat(repeat.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
		assertThat(eventCount()).isEqualTo(events);
		String orderId = this.json.readTree(first.body()).path("orderId").asString();
		assertThat(eventsOf(orderId)).isPositive();
		assertThat(this.jdbc.queryForObject("select convert_from(meta_data, 'UTF8') from domain_event_entry "
				+ "where aggregate_identifier = ? and sequence_number = 0", String.class, orderId))
			.as("the key and the answer stay out of the events")
			.doesNotContainIgnoringCase("idempotency");
	}

	@Test
	void aRestockWithAKeyAddsItsQuantityOnceAndOneWithoutAKeyEachTime() throws Exception {
		String path = "/api/products/" + PRODUCT + "/restock";
		long before = restocks();

		assertThat(send("POST", path, "{\"quantity\":5}", "restock-once").statusCode()).isEqualTo(204);
		HttpResponse<String> repeat = send("POST", path, "{\"quantity\":5}", "restock-once");
		assertThat(repeat.statusCode()).isEqualTo(204);
		assertThat(repeat.headers().firstValue(IdempotentCommands.REPLAYED)).hasValue("true");
		assertThat(restocks()).isEqualTo(before + 1);

		assertThat(send("POST", path, "{\"quantity\":5}", null).statusCode()).isEqualTo(204);
		assertThat(send("POST", path, "{\"quantity\":5}", null).statusCode()).isEqualTo(204);
		assertThat(restocks()).isEqualTo(before + 3);
	}

	@Test
	void aKeyReusedForAnotherRequestIsRefusedAndChangesNothing() throws Exception {
		assertThat(send("POST", "/api/products/" + PRODUCT + "/restock", "{\"quantity\":1}", "reused").statusCode())
			.isEqualTo(204);
		long events = eventCount();

		HttpResponse<String> otherBody = send("POST", "/api/products/" + PRODUCT + "/restock", "{\"quantity\":2}",
				"reused");
		HttpResponse<String> otherPath = send("PUT", "/api/customers/" + CUSTOMER + "/credit-limit",
				"{\"creditLimit\":1}", "reused");

		for (HttpResponse<String> refused : List.of(otherBody, otherPath)) {
			assertProblem(refused, 422, "/problems/idempotency-key-reused");
		}
		assertThat(eventCount()).isEqualTo(events);
	}

	@Test
	void aKeyInFlightIsAnsweredConflictAndTheRepeatAfterItGetsTheAnswer() throws Exception {
		String key = "in-flight";
		HttpResponse<String> whileHeld;
		try (Connection other = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
			// what a request with this key holds while its command runs
			other.setAutoCommit(false);
			try (PreparedStatement lock = other
				.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
				lock.setString(1, key);
				lock.execute();
			}
			long events = eventCount();

			whileHeld = send("POST", "/api/orders", ORDER_BODY, key);

			assertThat(eventCount()).isEqualTo(events);
			other.rollback();
		}
		assertProblem(whileHeld, 409, "/problems/idempotency-key-in-flight");
		assertThat(whileHeld.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(send("POST", "/api/orders", ORDER_BODY, key).statusCode()).isEqualTo(202);
	}

	@Test
	void aRefusedRequestStoresNothingSoItsKeyServesTheCorrectedRequest() throws Exception {
		String body = "{\"customerId\":\"nobody-yet\",\"name\":\"Bo\",\"creditLimit\":1.00}";
		assertThat(send("PUT", "/api/customers/nobody-yet/credit-limit", "{\"creditLimit\":5.00}", "after-refusal")
			.statusCode()).isEqualTo(404);
		assertThat(send("POST", "/api/customers", body, null).statusCode()).isEqualTo(201);

		HttpResponse<String> again = send("PUT", "/api/customers/nobody-yet/credit-limit", "{\"creditLimit\":5.00}",
				"after-refusal");

		assertThat(again.statusCode()).isEqualTo(204);
		assertThat(again.headers().firstValue(IdempotentCommands.REPLAYED)).isEmpty();
	}

	@Test
	void aMalformedKeyIsRefusedBeforeAnythingHappens() throws Exception {
		long events = eventCount();
		for (String key : List.of("", "x".repeat(256), "tab\there", "has space", "\"")) {
			HttpResponse<String> refused = send("POST", "/api/orders", ORDER_BODY, key);

			assertProblem(refused, 400, "/problems/invalid-input");
			assertThat(this.json.readTree(refused.body()).path("errors").get(0).path("field").asString())
				.isEqualTo("Idempotency-Key");
		}
		assertThat(eventCount()).isEqualTo(events);
	}

	@Test
	void anExpiredKeyServesANewRequestAndTheSweeperDeletesIt() throws Exception {
		assertThat(send("POST", "/api/products/" + PRODUCT + "/restock", "{\"quantity\":1}", "live").statusCode())
			.isEqualTo(204);
		assertThat(send("POST", "/api/products/" + PRODUCT + "/restock", "{\"quantity\":1}", "expiring").statusCode())
			.isEqualTo(204);
		this.jdbc.update("UPDATE idempotency_key SET expires_at = now() - interval '1 second' "
				+ "WHERE idempotency_key = 'expiring'");

		HttpResponse<String> other = send("POST", "/api/products/" + PRODUCT + "/restock", "{\"quantity\":2}",
				"expiring");

		assertThat(other.statusCode()).as("handled as a new request, not refused as a reuse").isEqualTo(204);
		this.jdbc.update("UPDATE idempotency_key SET expires_at = now() - interval '1 second' "
				+ "WHERE idempotency_key = 'expiring'");
		assertThat(keysNamed("expiring")).isOne();

		assertThat(this.sweeper.sweep()).isPositive();

		assertThat(keysNamed("expiring")).isZero();
		assertThat(keysNamed("live")).as("a live key stays").isOne();
	}

	@Test
	void aCreateRepeatedWithItsOwnIdIsAnsweredAsTheFirstWasUnlessItsValuesDiffer() throws Exception {
		String order = "{\"orderId\":\"own-id-o\"," + ORDER_BODY.substring(1);
		String other = order.replace("\"quantity\":1", "\"quantity\":2");
		String customer = "{\"customerId\":\"own-id-c\",\"name\":\"Cy\",\"creditLimit\":10.00}";

		long events = eventCount();
		HttpResponse<String> first = send("POST", "/api/orders", order, null);
		HttpResponse<String> repeat = send("POST", "/api/orders", order, null);
		HttpResponse<String> changed = send("POST", "/api/orders", other, null);
		assertThat(send("POST", "/api/customers", customer, null).statusCode()).isEqualTo(201);
		HttpResponse<String> customerRepeat = send("POST", "/api/customers", customer, null);
		HttpResponse<String> customerChanged = send("POST", "/api/customers", customer.replace("Cy", "Di"), null);

		assertThat(first.statusCode()).isEqualTo(202);
		assertThat(repeat.statusCode()).isEqualTo(202);
		assertThat(this.json.readTree(repeat.body())).isEqualTo(this.json.readTree(first.body()));
		assertProblem(changed, 409, "/problems/duplicate-id");
		assertThat(eventCount()).as("only the order and the customer created").isEqualTo(events + 2);
		assertThat(customerRepeat.statusCode()).isEqualTo(201);
		assertThat(this.json.readTree(customerRepeat.body()).path("customerId").asString()).isEqualTo("own-id-c");
		assertProblem(customerChanged, 409, "/problems/duplicate-id");
		assertThat(eventsOf("own-id-c")).isEqualTo(1);
	}

	/**
	 * A client that loses the answer to each of 200 placements and repeats it with the
	 * same key, while the first may still be in flight: exactly 200 orders, and every
	 * repeat answered as its first request was.
	 */
	@Test
	void aClientThatLosesEveryAnswerAndRetriesEndsWithExactlyItsOrders() throws Exception {
		long placedBefore = ordersPlaced();
		List<CompletableFuture<HttpResponse<String>>> firsts = new ArrayList<>();
		List<HttpResponse<String>> repeats = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			String key = "lost-answer-" + i;
			// the first answer never reaches the client's code ...
			firsts.add(sendAsync("POST", "/api/orders", ORDER_BODY, key));
			// ... which repeats at once, and again while the first is in flight
			HttpResponse<String> repeat;
			do {
				repeat = send("POST", "/api/orders", ORDER_BODY, key);
			}
			while (repeat.statusCode() == 409);
			repeats.add(repeat);
		}

		Set<String> orderIds = new HashSet<>();
		for (int i = 0; i < 200; i++) {
			HttpResponse<String> first = firsts.get(i).join();
			HttpResponse<String> repeat = repeats.get(i);
			assertThat(repeat.statusCode()).isEqualTo(202);
			JsonNode answer = this.json.readTree(repeat.body());
			if (first.statusCode() == 202) {
				assertThat(answer).as("repeat %d", i).isEqualTo(this.json.readTree(first.body()));
			}
			else {
				// the repeat came first and the first found its key in flight
				assertProblem(first, 409, "/problems/idempotency-key-in-flight");
			}
			orderIds.add(answer.path("orderId").asString());
		}
		assertThat(orderIds).hasSize(200);
		assertThat(ordersPlaced() - placedBefore).isEqualTo(200);
		for (String orderId : orderIds) {
			assertThat(eventsOf(orderId)).as("order %s", orderId).isPositive();
		}
	}

	private void assertProblem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.path("type").asString()).isEqualTo(type);
		assertThat(problem.path("status").asInt()).isEqualTo(status);
	}

	private HttpRequest request(String method, String path, String body, String key) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", TestTokens.operator())
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(body));
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return request.build();
	}

	private HttpResponse<String> send(String method, String path, String body, String key)
			throws IOException, InterruptedException {
		return this.http.send(request(method, path, body, key), HttpResponse.BodyHandlers.ofString());
	}

	private CompletableFuture<HttpResponse<String>> sendAsync(String method, String path, String body, String key) {
		return this.http.sendAsync(request(method, path, body, key), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Events only requests cause: the saga appends others meanwhile, for the orders
	 * placed.
	 */
	private long eventCount() {
		return this.jdbc.queryForObject("select count(*) from domain_event_entry where payload_type in (?, ?, ?, ?, ?)",
				Long.class, "dev.ordersonaxon.api.order.OrderPlacedEvent",
				"dev.ordersonaxon.api.customer.CustomerCreatedEvent",
				"dev.ordersonaxon.api.customer.CreditLimitChangedEvent",
				"dev.ordersonaxon.api.product.ProductCreatedEvent",
				"dev.ordersonaxon.api.product.ProductRestockedEvent");
	}

	private long eventsOf(String aggregateIdentifier) {
		return this.jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
				Long.class, aggregateIdentifier);
	}

	private long restocks() {
		return this.jdbc.queryForObject("select count(*) from domain_event_entry where payload_type = ?", Long.class,
				"dev.ordersonaxon.api.product.ProductRestockedEvent");
	}

	private long ordersPlaced() {
		return this.jdbc.queryForObject(
				"select count(*) from domain_event_entry where type = 'Order' and sequence_number = 0", Long.class);
	}

	private long keysNamed(String key) {
		return this.jdbc.queryForObject("select count(*) from idempotency_key where idempotency_key = ?", Long.class,
				key);
	}

}
