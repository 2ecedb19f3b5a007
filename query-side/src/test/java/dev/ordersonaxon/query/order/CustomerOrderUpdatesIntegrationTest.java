package dev.ordersonaxon.query.order;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
import dev.ordersonaxon.api.order.OrderRejectedEvent;
import dev.ordersonaxon.api.order.OrderStatus;
import dev.ordersonaxon.api.order.RejectionReason;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A customer's order stream ({@code GET /api/orders/updates?customerId=}) over real HTTP,
 * fed by events appended to a real PostgreSQL event store. No resume margin, so that what
 * a resumed stream sends first is exactly what changed since its last event. Its context
 * is closed after the class, so that its connections do not add to those of the contexts
 * the other test classes keep.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "query-side.updates-heartbeat=200ms", "query-side.updates-resume-margin=0s",
				"query-side.updates-snapshot-max=3" })
class CustomerOrderUpdatesIntegrationTest {

	private static final TestDatabase DATABASE = TestDatabase.create("query_customer_updates_it");

	private static final EventStoreWriter EVENTS = EventStoreWriter.start(DATABASE);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final List<OrderLine> LINES = List.of(new OrderLine(new ProductId("p"), 1, Money.of("2.00")));

	@LocalServerPort
	int port;

	@Autowired
	StreamPermits permits;

	@Autowired
	JdbcTemplate jdbc;

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
	void sendsTheCustomersPendingOrdersThenEveryChangeOfItsOrdersAndNoneOfAnotherCustomers() throws Exception {
		CustomerId customer = customer();
		OrderId decided = order();
		OrderId pending = order();
		place(decided, customer);
		EVENTS.append("Order", decided, new OrderApprovedEvent(decided));
		place(pending, customer);
		awaitStatus(pending, "PENDING");
		awaitStatus(decided, "APPROVED");

		Events events = follow("?customerId=" + customer, null);
		// its changes were projected before the stream began, but their notifications may
		// reach this node only after it (sent again: at least once, never lost)
		events.ignore(decided);

		Event first = events.next();
		assertThat(first.orderId()).isEqualTo(pending.value());
		assertThat(first.status()).isEqualTo("PENDING");
		assertThat(first.id()).isEqualTo(first.data().path("updatedAt").asText());
		EVENTS.append("Order", pending, new OrderApprovedEvent(pending));
		assertThat(events.next().describe()).isEqualTo(pending + " APPROVED");
		// another customer's order is projected before the next one of this customer
		OrderId others = order();
		place(others, customer());
		OrderId next = order();
		place(next, customer);
		assertThat(events.next().describe()).isEqualTo(next + " PENDING");
		// a final order does not end the customer's stream
		EVENTS.append("Order", pending, new OrderCancelledEvent(pending, customer, LINES, OrderStatus.APPROVED));
		assertThat(events.next().describe()).isEqualTo(pending + " CANCELLED");
		EVENTS.append("Order", next, new OrderRejectedEvent(next, RejectionReason.OUT_OF_STOCK));
		Event last = events.next();
		assertThat(last.describe()).isEqualTo(next + " REJECTED");
		assertThat(last.data().path("rejectionReason").asText()).isEqualTo("OUT_OF_STOCK");
	}

	@Test
	void aReconnectWithTheLastEventIdGetsWhatChangedWhileAwayAndNothingOlder() throws Exception {
		CustomerId customer = customer();
		OrderId seen = order();
		OrderId approvedWhileAway = order();
		OrderId placedWhileAway = order();
		place(seen, customer);
		place(approvedWhileAway, customer);
		awaitStatus(approvedWhileAway, "PENDING");
		Events events = follow("?customerId=" + customer, null);
		events.next();
		String lastId = events.next().id();
		events.close();

		EVENTS.append("Order", approvedWhileAway, new OrderApprovedEvent(approvedWhileAway));
		place(placedWhileAway, customer);
		awaitStatus(approvedWhileAway, "APPROVED");
		awaitStatus(placedWhileAway, "PENDING");
		Events resumed = follow("?customerId=" + customer, lastId);

		assertThat(resumed.next().describe()).isEqualTo(approvedWhileAway + " APPROVED");
		assertThat(resumed.next().describe()).isEqualTo(placedWhileAway + " PENDING");
		OrderId after = order();
		place(after, customer);
		assertThat(resumed.next().describe()).isEqualTo(after + " PENDING");
	}

	@Test
	void aStreamEndsWhenItsNodeMayHaveMissedChangesAndItsClientResumesFromItsLastEvent() throws Exception {
		CustomerId customer = customer();
		OrderId orderId = order();
		place(orderId, customer);
		awaitStatus(orderId, "PENDING");
		Events events = follow("?customerId=" + customer + "&since=2000-01-01T00:00:00Z", null);
		String lastId = events.next().id();

		Integer listener = await().atMost(TIMEOUT)
			.until(() -> this.jdbc
				.queryForList("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
						+ " AND query = 'LISTEN order_views'", Integer.class)
				.stream()
				.findFirst()
				.orElse(null), (pid) -> pid != null);
		assertThat(this.jdbc.queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, listener)).isTrue();
		EVENTS.append("Order", orderId, new OrderApprovedEvent(orderId));
		events.awaitEnd();
		awaitStatus(orderId, "APPROVED");

		Events resumed = follow("?customerId=" + customer, lastId);
		assertThat(resumed.next().describe()).isEqualTo(orderId + " APPROVED");
	}

	@Test
	void refusesAMissingOrMalformedCustomerOrTimeAndTooMuchToSendFirstWithoutTakingAPlace() throws Exception {
		assertInvalid(request("", null), "customerId");
		assertInvalid(request("?customerId=" + URLEncoder.encode("a b", StandardCharsets.UTF_8), null), "customerId");
		assertInvalid(request("?customerId=c&since=yesterday", null), "since");
		assertInvalid(request("?customerId=c&since=-1000000000-01-01T00:00:00Z", null), "since");
		assertInvalid(request("?customerId=c&since=2026-12-01T00:00:00Z", "not-a-time"), "Last-Event-ID");
		CustomerId busy = customer();
		OrderId newest = null;
		for (int i = 0; i < 4; i++) {
			newest = order();
			place(newest, busy);
		}
		awaitStatus(newest, "PENDING");
		assertInvalid(request("?customerId=" + busy, null), "customerId");
		assertThat(this.permits.open()).isZero();
	}

	private void assertInvalid(HttpResponse<Stream<String>> response, String field) {
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		JsonNode problem = HttpJson.parse(response.body().collect(Collectors.joining("\n")));
		assertThat(problem.path("status").asInt()).isEqualTo(400);
		assertThat(problem.path("errors").findValuesAsText("field")).containsExactly(field);
	}

	private static CustomerId customer() {
		return new CustomerId("cs-" + UUID.randomUUID());
	}

	private static OrderId order() {
		return new OrderId("cs-order-" + UUID.randomUUID());
	}

	private static void place(OrderId orderId, CustomerId customerId) {
		EVENTS.append("Order", orderId, new OrderPlacedEvent(orderId, customerId, LINES, Money.of("2.00")));
	}

	private void awaitStatus(OrderId orderId, String status) {
		await().atMost(TIMEOUT)
			.until(() -> status.equals(this.http.get("/api/orders/" + orderId).body().path("status").asText()));
	}

	private HttpResponse<Stream<String>> request(String query, String lastEventId)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.http.uri("/api/orders/updates" + query))
			.header("Authorization", TestTokens.operator())
			.header("Accept", "text/event-stream");
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		return this.http.client().send(request.build(), HttpResponse.BodyHandlers.ofLines());
	}

	private Events follow(String query, String lastEventId) throws IOException, InterruptedException {
		HttpResponse<Stream<String>> response = request(query, lastEventId);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
		this.open.add(response.body());
		return new Events(response.body());
	}

	record Event(String id, JsonNode data) {

		String orderId() {
			return this.data.path("orderId").asText();
		}

		String status() {
			return this.data.path("status").asText();
		}

		String describe() {
			return orderId() + " " + status();
		}

	}

	/** The events of one open stream, read as they come. */
	static final class Events {

		private final BlockingQueue<Event> received = new LinkedBlockingQueue<>();

		private final Stream<String> lines;

		private final CompletableFuture<Void> reading;

		private final Set<String> ignored = ConcurrentHashMap.newKeySet();

		Events(Stream<String> lines) {
			this.lines = lines;
			this.reading = CompletableFuture.runAsync(() -> {
				String[] id = { null };
				lines.forEach((line) -> {
					if (line.startsWith("id:")) {
						id[0] = line.substring("id:".length());
					}
					else if (line.startsWith("data:")) {
						this.received.add(new Event(id[0], HttpJson.parse(line.substring("data:".length()))));
					}
				});
			});
		}

		void ignore(OrderId orderId) {
			this.ignored.add(orderId.value());
		}

		/** The next event of an order not ignored. */
		Event next() throws InterruptedException {
			while (true) {
				Event event = this.received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				assertThat(event).as("an event within " + TIMEOUT).isNotNull();
				if (!this.ignored.contains(event.orderId())) {
					return event;
				}
			}
		}

		/** Waits for the server to end the stream. */
		void awaitEnd() throws Exception {
			this.reading.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}

		void close() {
			this.lines.close();
		}

	}

}
