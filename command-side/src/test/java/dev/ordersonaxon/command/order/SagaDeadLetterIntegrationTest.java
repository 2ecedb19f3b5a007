package dev.ordersonaxon.command.order;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.ordersonaxon.api.order.OrderApprovedEvent;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.order.OrderRejectedEvent;
import dev.ordersonaxon.api.order.RejectionReason;
import dev.ordersonaxon.eventstore.deadletters.DeadLetterMetrics;
import dev.ordersonaxon.testsupport.TestDatabase;
import dev.ordersonaxon.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A poisoned event for the saga parks that order's events and nothing else: orders behind
 * it go through, the poisoned order is rejected with {@code PROCESSING_FAILED}, and an
 * operator sees it with its cause in {@code /api/admin/dead-letters}, in health and in
 * the gauge, and can retry or evict it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SagaDeadLetterIntegrationTest {

	static final TestDatabase database = TestDatabase.create("command_saga_dlq_it");

	static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

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
	MeterRegistry meters;

	@Test
	void parksAnOrderWhoseEventCannotBeReadAndApprovesTheNextOrder() {
		this.jdbc.update("DELETE FROM dead_letter_entry");
		post("/api/customers", "{\"customerId\":\"dlq-c\",\"name\":\"Ann\",\"creditLimit\":100.00}");
		post("/api/products", "{\"productId\":\"dlq-p\",\"name\":\"P\",\"price\":10.00,\"stock\":5}");
		append("poisoned", "{\"orderId\":\"poisoned\",\"customerId\":\"dlq-c\",\"lines\":\"not a list\"}");

		post("/api/orders", "{\"orderId\":\"after-poison\",\"customerId\":\"dlq-c\","
				+ "\"lines\":[{\"productId\":\"dlq-p\",\"quantity\":1,\"unitPrice\":10.00}]}");

		await().atMost(Duration.ofSeconds(60))
			.until(() -> payloads("after-poison").stream().anyMatch(OrderApprovedEvent.class::isInstance));
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(parkedItems()).singleElement()
				.satisfies((item) -> assertThat(item).containsEntry("group", "order-saga")
					.containsEntry("sequenceIdentifier", "poisoned")
					.containsEntry("aggregateIdentifier", "poisoned")
					.containsEntry("eventType", OrderPlacedEvent.class.getSimpleName())
					.extractingByKey("cause")
					.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
					.containsKeys("type", "message")));
		assertThat(parkedItems()).singleElement().extracting((item) -> item.get("attempts")).isEqualTo(3);

		ResponseEntity<Map<String, Object>> health = get("/actuator/health");
		assertThat(health.getStatusCode().value()).isEqualTo(200);
		assertThat(health.getBody()).containsEntry("status", "DEGRADED");
		assertThat(this.meters.get(DeadLetterMetrics.NAME).tag("group", "order-saga").gauge().value()).isEqualTo(1.0);

		// the event is still unreadable: the retry fails and it stays parked
		Map<String, Object> retried = send("POST", "/api/admin/dead-letters/order-saga/poisoned/retry").getBody();
		assertThat(retried).containsEntry("succeeded", false).containsEntry("remaining", 1);

		Map<String, Object> evicted = send("DELETE", "/api/admin/dead-letters/order-saga/poisoned").getBody();
		assertThat(evicted).containsEntry("evicted", 1);
		assertThat(send("DELETE", "/api/admin/dead-letters/order-saga/poisoned").getStatusCode().value())
			.isEqualTo(404);
		assertThat(get("/actuator/health").getBody()).containsEntry("status", "UP");
	}

	@Test
	void rejectsAnOrderWhoseSagaStepKeepsFailingAndParksWhatFollows() {
		this.jdbc.update("DELETE FROM dead_letter_entry");
		post("/api/customers", "{\"customerId\":\"dlq-c2\",\"name\":\"Bob\",\"creditLimit\":100.00}");
		post("/api/products", "{\"productId\":\"dlq-p2\",\"name\":\"P\",\"price\":10.00,\"stock\":5}");
		// readable, but the customer refuses a reservation without an amount, every time
		append("no-total", "{\"orderId\":\"no-total\",\"customerId\":\"dlq-c2\","
				+ "\"lines\":[{\"productId\":\"dlq-p2\",\"quantity\":1,\"unitPrice\":10.00}],\"total\":null}");

		post("/api/orders", "{\"orderId\":\"behind-it\",\"customerId\":\"dlq-c2\","
				+ "\"lines\":[{\"productId\":\"dlq-p2\",\"quantity\":1,\"unitPrice\":10.00}]}");

		await().atMost(Duration.ofSeconds(60))
			.until(() -> payloads("behind-it").stream().anyMatch(OrderApprovedEvent.class::isInstance));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> payloads("no-total").contains(new OrderRejectedEvent(
					new dev.ordersonaxon.api.order.OrderId("no-total"), RejectionReason.PROCESSING_FAILED)));
		// the rejection is the order's own event, parked behind the failed one
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(parkedItems()).extracting((item) -> item.get("eventType"))
				.containsExactly(OrderPlacedEvent.class.getSimpleName(), OrderRejectedEvent.class.getSimpleName()));
		assertThat(parkedItems().get(0))
			.satisfies((failed) -> assertThat((Integer) failed.get("attempts")).isPositive())
			.satisfies((failed) -> assertThat(failed.get("cause").toString()).contains("ReserveCreditCommand"));
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> parkedItems() {
		return (List<Map<String, Object>>) get("/api/admin/dead-letters?group=order-saga").getBody().get("content");
	}

	private void append(String orderId, String json) {
		this.jdbc.update(
				"INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,"
						+ " time_stamp, payload_type, payload_revision, payload, meta_data)"
						+ " VALUES (?, ?, 0, 'Order', ?, ?, NULL, ?, ?)",
				UUID.randomUUID().toString(), orderId, Instant.now().toString(), OrderPlacedEvent.class.getName(),
				json.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
	}

	private List<Object> payloads(String aggregateId) {
		return this.eventStore.readEvents(aggregateId)
			.asStream()
			.map(DomainEventMessage::getPayload)
			.map(Object.class::cast)
			.toList();
	}

	private RestClient client() {
		return RestClient.builder()
			.defaultHeader("Authorization", TestTokens.operator())
			.baseUrl("http://localhost:" + this.port)
			.build();
	}

	private ResponseEntity<Map<String, Object>> get(String path) {
		return send("GET", path);
	}

	private ResponseEntity<Map<String, Object>> send(String method, String path) {
		return client().method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(path)
			.retrieve()
			.onStatus((status) -> true, (request, response) -> {
			})
			.toEntity(JSON);
	}

	private void post(String path, String json) {
		HttpStatusCode status = client().post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.retrieve()
			.toBodilessEntity()
			.getStatusCode();
		assertThat(status.is2xxSuccessful()).isTrue();
	}

}
