package dev.ordersonaxon.command.admission;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.ordersonaxon.saga.OrderSaga;
import dev.ordersonaxon.testsupport.TestDatabase;
import dev.ordersonaxon.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Admission control on a running command side, over real HTTP and on real PostgreSQL:
 * with the saga stopped, its backlog grows past the bound and new orders are refused at
 * once with nothing stored, while everything else is still taken; once the saga runs
 * again, orders are admitted and decided.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "orders.admission.max-saga-lag=300ms", "orders.admission.check-interval=50ms" })
class AdmissionIntegrationTest {

	static final TestDatabase database = TestDatabase.create("admission_it");

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

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
	SagaBacklog backlog;

	@Autowired
	EventProcessingConfiguration processing;

	@Autowired
	MeterRegistry meters;

	@Autowired
	SagaStore<Object> sagaStore;

	@Autowired
	TransactionTemplate transactions;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void refusesNewOrdersWhileTheSagaIsBehindAndAdmitsThemOnceItCaughtUp() throws Exception {
		assertThat(post("/api/customers", "{\"customerId\":\"adm-c\",\"name\":\"Ann\",\"creditLimit\":100.00}")
			.statusCode()).isEqualTo(201);
		assertThat(post("/api/products", "{\"productId\":\"adm-p\",\"name\":\"Pen\",\"price\":1.00,\"stock\":100}")
			.statusCode()).isEqualTo(201);
		assertThat(place("adm-first").statusCode()).isEqualTo(202);
		awaitEvent("adm-first", "OrderApprovedEvent");

		StreamingEventProcessor saga = this.processing
			.eventProcessor(OrderSaga.PROCESSING_GROUP, StreamingEventProcessor.class)
			.orElseThrow();
		saga.shutDown();
		try {
			// admitted: the saga is not behind yet
			assertThat(place("adm-waiting").statusCode()).isEqualTo(202);
			await().alias("the order placed counted as pending")
				.atMost(TIMEOUT)
				.until(() -> this.backlog.current().pendingOrders() >= 1);
			await().alias("the saga's backlog past 300 ms")
				.atMost(TIMEOUT)
				.until(() -> this.backlog.current().lag().toMillis() > 300);
			assertThat(this.backlog.current().events()).isPositive();

			HttpResponse<String> refused = place("adm-refused");
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
			assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
			assertThat(refused.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(refused.headers().firstValue("Content-Security-Policy")).isPresent();
			JsonNode problem = this.json.readTree(refused.body());
			assertThat(problem.path("type").asString()).isEqualTo("/problems/overloaded");
			assertThat(problem.path("sagaLagMillis").asLong()).isGreaterThan(300);
			assertThat(eventsOf("adm-refused")).isEmpty();
			assertThat(this.meters.get("orders.admission.refused").tag("reason", "saga-lag").counter().count())
				.isPositive();
			assertThat(this.meters.get("orders.admission.saga.lag").gauge().value()).isGreaterThan(0.3);

			// the door stands before authentication, and knows every spelling of its path
			HttpResponse<String> anonymous = this.http
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/orders"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(anonymous.statusCode()).isEqualTo(503);
			assertThat(post("/api/%6Frders",
					"{\"orderId\":\"adm-spelled\",\"customerId\":\"adm-c\","
							+ "\"lines\":[{\"productId\":\"adm-p\",\"quantity\":1,\"unitPrice\":1.00}]}")
				.statusCode()).isEqualTo(503);
			assertThat(eventsOf("adm-spelled")).isEmpty();

			// the rest of the API is not behind the saga
			assertThat(post("/api/customers", "{\"customerId\":\"adm-c2\",\"name\":\"Bob\",\"creditLimit\":5.00}")
				.statusCode()).isEqualTo(201);
			assertThat(post("/api/orders/adm-waiting/cancel", "").statusCode()).isEqualTo(202);
		}
		finally {
			saga.start();
		}

		await().alias("the saga caught up")
			.atMost(TIMEOUT)
			.until(() -> this.backlog.current().known() && this.backlog.current().events() == 0
					&& this.backlog.current().pendingOrders() == 0);
		assertThat(place("adm-refused").statusCode()).as("the refused order, placed again").isEqualTo(202);
		awaitEvent("adm-refused", "OrderApprovedEvent");
	}

	@Test
	void countsEverySagaInstanceStoredAsAnOrderBeingDecided() {
		this.backlog.measure();
		long before = this.backlog.current().pendingOrders();
		// stored the way the saga's processor stores an instance
		this.transactions.executeWithoutResult(
				(status) -> this.sagaStore.insertSaga(OrderSaga.class, "adm-saga", new OrderSaga(), Set.of()));
		try {
			this.backlog.measure();
			assertThat(this.backlog.current().pendingOrders()).isEqualTo(before + 1);
		}
		finally {
			this.transactions
				.executeWithoutResult((status) -> this.sagaStore.deleteSaga(OrderSaga.class, "adm-saga", Set.of()));
		}
	}

	private HttpResponse<String> place(String orderId) throws IOException, InterruptedException {
		return post("/api/orders", "{\"orderId\":\"" + orderId + "\",\"customerId\":\"adm-c\","
				+ "\"lines\":[{\"productId\":\"adm-p\",\"quantity\":1,\"unitPrice\":1.00}]}");
	}

	private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", TestTokens.operator())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private void awaitEvent(String orderId, String eventType) {
		await().alias(eventType + " of " + orderId)
			.atMost(TIMEOUT)
			.until(() -> eventsOf(orderId).stream().anyMatch((type) -> type.endsWith("." + eventType)));
	}

	/** The payload types stored for an order, or whose payload names it. */
	private List<String> eventsOf(String orderId) {
		return this.jdbc.queryForList(
				"SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ?"
						+ " OR convert_from(payload, 'UTF8') LIKE ? ORDER BY global_index",
				String.class, orderId, "%\"orderId\":\"" + orderId + "\"%");
	}

}
