package dev.ordersonaxon.command.order;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.ordersonaxon.api.order.OrderApprovedEvent;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.testsupport.TestDatabase;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A poisoned event for the saga parks that order's events and nothing else: orders behind
 * it go through, and the poisoned one is listed with its cause.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SagaDeadLetterIntegrationTest {

	static final TestDatabase database = TestDatabase.create("command_saga_dlq_it");

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		database.registerDataSource(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	EventStore eventStore;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void parksAnOrderWhoseEventCannotBeReadAndApprovesTheNextOrder() {
		post("/api/customers", "{\"customerId\":\"dlq-c\",\"name\":\"Ann\",\"creditLimit\":100.00}");
		post("/api/products", "{\"productId\":\"dlq-p\",\"name\":\"P\",\"price\":10.00,\"stock\":5}");
		appendUnreadableOrderPlaced("poisoned");

		post("/api/orders", "{\"orderId\":\"after-poison\",\"customerId\":\"dlq-c\","
				+ "\"lines\":[{\"productId\":\"dlq-p\",\"quantity\":1,\"unitPrice\":10.00}]}");

		await().atMost(Duration.ofSeconds(15))
			.until(() -> payloads("after-poison").stream().anyMatch(OrderApprovedEvent.class::isInstance));
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(this.jdbc.queryForList(
					"SELECT sequence_identifier || ' ' || cause_type FROM dead_letter_entry WHERE processing_group = 'order-saga'",
					String.class))
				.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
				.startsWith("poisoned "));
	}

	private void appendUnreadableOrderPlaced(String orderId) {
		byte[] payload = ("{\"orderId\":\"" + orderId + "\",\"customerId\":\"dlq-c\",\"lines\":\"not a list\"}")
			.getBytes(StandardCharsets.UTF_8);
		this.jdbc.update(
				"INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,"
						+ " time_stamp, payload_type, payload_revision, payload, meta_data)"
						+ " VALUES (?, ?, 0, 'Order', ?, ?, NULL, ?, ?)",
				UUID.randomUUID().toString(), orderId, Instant.now().toString(), OrderPlacedEvent.class.getName(),
				payload, "{}".getBytes(StandardCharsets.UTF_8));
	}

	private List<Object> payloads(String aggregateId) {
		return this.eventStore.readEvents(aggregateId)
			.asStream()
			.map(DomainEventMessage::getPayload)
			.map(Object.class::cast)
			.toList();
	}

	private void post(String path, String json) {
		HttpStatusCode status = RestClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.build()
			.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.retrieve()
			.toBodilessEntity()
			.getStatusCode();
		assertThat(status.is2xxSuccessful()).isTrue();
	}

}
