package dev.ordersonaxon.query.order;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.OrderApprovedEvent;
import dev.ordersonaxon.api.order.OrderCancelledEvent;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.order.OrderStatus;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.eventstore.EventStoreWriter;
import dev.ordersonaxon.query.HttpJson;
import dev.ordersonaxon.testsupport.TestDatabase;
import dev.ordersonaxon.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The caps on live-update streams, over real HTTP. Clients are told apart by the address
 * a trusted proxy forwards ({@code X-Forwarded-For}), as behind a load balancer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "query-side.updates-per-client=2", "query-side.updates-total=3",
				"query-side.updates-heartbeat=200ms", "server.forward-headers-strategy=native" })
class OrderUpdateLimitsIntegrationTest {

	private static final TestDatabase DATABASE = TestDatabase.create("query_stream_limits_it");

	private static final EventStoreWriter EVENTS = EventStoreWriter.start(DATABASE);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@LocalServerPort
	int port;

	@Autowired
	StreamPermits permits;

	HttpJson http;

	private final List<Stream<String>> open = new ArrayList<>();

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

	@AfterEach
	void closeStreamsAndSeeThemAllReleased() {
		this.open.forEach(Stream::close);
		await().atMost(TIMEOUT).until(() -> this.permits.open() == 0);
	}

	@Test
	void capsStreamsPerClientAndInTotalAndTakesMoreWhenClientsLeave() throws Exception {
		OrderId order = approvedOrder();

		assertThat(follow(order, "10.0.0.1").statusCode()).isEqualTo(200);
		assertThat(follow(order, "10.0.0.1").statusCode()).isEqualTo(200);
		assertTooMany(follow(order, "10.0.0.1"), "This client");
		assertThat(follow(order, "10.0.0.2").statusCode()).isEqualTo(200);
		assertTooMany(follow(order, "10.0.0.3"), "This server");

		// the first client leaves; the server notices at its streams' next heartbeat
		this.open.get(0).close();
		this.open.get(1).close();
		await().atMost(TIMEOUT).until(() -> follow(order, "10.0.0.3").statusCode() == 200);
		// the other clients' streams, once both of the first one's are given back
		await().atMost(TIMEOUT).until(() -> this.permits.open() == 2);
	}

	@Test
	void aStreamThatEndsWithItsOrderGivesItsPlaceBack() throws Exception {
		OrderId order = approvedOrder();
		assertThat(follow(order, "10.0.1.1").statusCode()).isEqualTo(200);
		assertThat(follow(order, "10.0.1.1").statusCode()).isEqualTo(200);
		assertTooMany(follow(order, "10.0.1.1"), "This client");

		EVENTS.append("Order", order, new OrderCancelledEvent(order, new CustomerId("c"),
				List.of(new OrderLine(new ProductId("p"), 1, Money.of("1.00"))), OrderStatus.APPROVED));

		await().atMost(TIMEOUT).until(() -> this.permits.open() == 0);
		assertThat(follow(approvedOrder(), "10.0.1.1").statusCode()).isEqualTo(200);
	}

	@Test
	void aCustomersStreamCountsAgainstTheSameCaps() throws Exception {
		OrderId order = approvedOrder();
		assertThat(followCustomer("c", "10.0.3.1").statusCode()).isEqualTo(200);
		assertThat(follow(order, "10.0.3.1").statusCode()).isEqualTo(200);
		assertTooMany(followCustomer("c", "10.0.3.1"), "This client");
		assertThat(this.permits.open()).isEqualTo(2);
	}

	@Test
	void aStreamForAnUnknownOrderTakesNoPlace() throws Exception {
		for (int i = 0; i < 3; i++) {
			assertThat(follow(new OrderId("none-" + i), "10.0.2.1").statusCode()).isEqualTo(404);
		}
		assertThat(this.permits.open()).isZero();
	}

	private OrderId approvedOrder() {
		OrderId orderId = new OrderId("capped-" + UUID.randomUUID());
		EVENTS.append("Order", orderId,
				new OrderPlacedEvent(orderId, new CustomerId("c"),
						List.of(new OrderLine(new ProductId("p"), 1, Money.of("1.00"))), Money.of("1.00")),
				new OrderApprovedEvent(orderId));
		await().atMost(TIMEOUT)
			.until(() -> "APPROVED".equals(this.http.get("/api/orders/" + orderId).body().path("status").asText()));
		return orderId;
	}

	/**
	 * Opens a stream as the client at {@code address}; a stream that opened is kept open.
	 */
	private HttpResponse<Stream<String>> follow(OrderId orderId, String address)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(this.http.uri("/api/orders/" + orderId + "/updates"))
			.header("Authorization", TestTokens.operator())
			.header("Accept", "text/event-stream")
			.header("X-Forwarded-For", address)
			.build();
		HttpResponse<Stream<String>> response = this.http.client().send(request, HttpResponse.BodyHandlers.ofLines());
		if (response.statusCode() == 200) {
			this.open.add(response.body());
		}
		return response;
	}

	private HttpResponse<Stream<String>> followCustomer(String customerId, String address)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(this.http.uri("/api/orders/updates?customerId=" + customerId))
			.header("Authorization", TestTokens.operator())
			.header("Accept", "text/event-stream")
			.header("X-Forwarded-For", address)
			.build();
		HttpResponse<Stream<String>> response = this.http.client().send(request, HttpResponse.BodyHandlers.ofLines());
		if (response.statusCode() == 200) {
			this.open.add(response.body());
		}
		return response;
	}

	private static void assertTooMany(HttpResponse<Stream<String>> response, String who) {
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
		JsonNode problem = HttpJson.parse(response.body().collect(Collectors.joining("\n")));
		assertThat(problem.path("type").asText()).isEqualTo("/problems/too-many-streams");
		assertThat(problem.path("title").asText()).isEqualTo("Too many streams");
		assertThat(problem.path("status").asInt()).isEqualTo(429);
		assertThat(problem.path("detail").asText()).startsWith(who);
	}

}
