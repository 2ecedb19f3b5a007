package dev.ordersonaxon.query;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;
import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CreditReservedEvent;
import dev.ordersonaxon.api.customer.CustomerCreatedEvent;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.product.ProductCreatedEvent;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.api.product.ProductRestockedEvent;
import dev.ordersonaxon.eventstore.EventStoreWriter;
import dev.ordersonaxon.query.HttpJson.Response;
import dev.ordersonaxon.testsupport.TestDatabase;
import dev.ordersonaxon.testsupport.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events that a projection cannot handle are parked per aggregate while everything else
 * goes on; operators see them (REST, health, metric), retry them once the cause is fixed
 * and evict them. On real PostgreSQL, through the running server's HTTP API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeadLetterIntegrationTest {

	private static final TestDatabase DATABASE = TestDatabase.create("query_side_dlq");

	private static final EventStoreWriter EVENTS = EventStoreWriter.start(DATABASE);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	@Autowired
	HikariDataSource dataSource;

	@Autowired
	EventProcessingConfiguration processing;

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
	void everyProcessingGroupParksInADeadLetterQueue() {
		assertThat(this.processing.eventProcessors().keySet()).containsExactlyInAnyOrder("customers", "products",
				"orders");
		for (String group : this.processing.eventProcessors().keySet()) {
			assertThat(this.processing.sequencedDeadLetterProcessor(group)).as(group).isPresent();
		}
	}

	/**
	 * PostgreSQL text cannot hold U+0000, and a stored event cannot be corrected: the
	 * view shows the replacement character rather than parking the customer forever.
	 */
	@Test
	void aNameWithANulCharacterIsShownWithTheReplacementCharacter() {
		CustomerId nul = customer("nul");
		CustomerId after = customer("after-nul");
		EVENTS.append("Customer", nul, new CustomerCreatedEvent(nul, "Ada\u0000Lovelace", Money.of("10.00")));
		EVENTS.append("Customer", after, new CustomerCreatedEvent(after, "Grace", Money.of("10.00")));

		await().atMost(TIMEOUT).until(() -> this.http.get("/api/customers/" + after).status() == 200);
		assertThat(this.http.get("/api/customers/" + nul).body().path("name").asText()).isEqualTo("Ada\uFFFDLovelace");
		assertThat(parked("customers", nul.value())).isEmpty();
	}

	@Test
	void aPoisonedCustomerIsParkedWhileOthersGoOnAndARetryAfterTheFixBringsItsViewInLine() {
		// written before names were limited to the view's 200 characters
		String longName = "L".repeat(250);
		CustomerId poisoned = customer("poisoned");
		CustomerId later = customer("later");
		EVENTS.append("Customer", poisoned, new CustomerCreatedEvent(poisoned, longName, Money.of("500.00")));

		await().atMost(TIMEOUT).until(() -> parked("customers", poisoned.value()).size() == 1);
		JsonNode item = parked("customers", poisoned.value()).get(0);
		assertThat(item.path("group").asText()).isEqualTo("customers");
		assertThat(item.path("eventType").asText()).isEqualTo("CustomerCreatedEvent");
		assertThat(item.path("aggregateIdentifier").asText()).isEqualTo(poisoned.value());
		assertThat(item.path("sequenceNumber").asLong()).isZero();
		assertThat(item.path("eventIdentifier").asText()).isNotBlank();
		assertThat(item.path("enqueuedAt").asText()).endsWith("Z");
		assertThat(item.path("attempts").asInt()).as("parked on its third failure").isEqualTo(3);
		assertThat(item.path("cause").path("type").asText())
			.isEqualTo("org.springframework.dao.DataIntegrityViolationException");
		assertThat(item.path("cause").path("message").asText()).contains("value too long");
		JsonNode health = this.http.get("/actuator/health").body();
		assertThat(health.path("status").asText()).isEqualTo("DEGRADED");
		assertThat(health.path("components").path("deadLetters").path("status").asText()).isEqualTo("DEGRADED");
		// nothing else in this class parks customers
		assertThat(
				health.path("components").path("deadLetters").path("details").path("groups").path("customers").asLong())
			.isEqualTo(1);
		assertThat(this.http.get("/actuator/health").status()).isEqualTo(200);
		assertThat(this.meters.get("orders.dead.letters").tag("group", "customers").gauge().value()).isEqualTo(1.0);

		// the customer's later events wait behind it; other customers go on
		EVENTS.append("Customer", poisoned,
				new CreditReservedEvent(poisoned, new OrderId("o-" + poisoned.value()), Money.of("120.00")));
		EVENTS.append("Customer", later, new CustomerCreatedEvent(later, "Later", Money.of("10.00")));
		await().atMost(TIMEOUT).until(() -> this.http.get("/api/customers/" + later).status() == 200);
		await().atMost(TIMEOUT).until(() -> parked("customers", poisoned.value()).size() == 2);
		assertThat(parked("customers", poisoned.value()).get(1).path("cause").isNull()).isTrue();
		assertThat(this.http.get("/api/customers/" + poisoned).status()).isEqualTo(404);

		Response unfixed = this.http.post("/api/admin/dead-letters/customers/" + poisoned + "/retry");
		assertThat(unfixed.status()).isEqualTo(200);
		assertThat(unfixed.body().path("succeeded").asBoolean()).isFalse();
		assertThat(unfixed.body().path("remaining").asLong()).isEqualTo(2);
		assertThat(unfixed.body().path("deadLetters").get(0).path("attempts").asInt()).isEqualTo(4);
		assertThat(unfixed.body().path("deadLetters").get(0).path("cause").path("message").asText())
			.contains("value too long");

		// the operator's fix: a migration that makes the column hold such names
		this.jdbc.execute("ALTER TABLE read_model.customer_view ALTER COLUMN name TYPE varchar(300)");
		// as a deployment's restart would: statements prepared on pooled connections
		// before
		// the column changed type are refused once by PostgreSQL
		this.dataSource.getHikariPoolMXBean().softEvictConnections();
		Response fixed = this.http.post("/api/admin/dead-letters/customers/" + poisoned + "/retry");

		assertThat(fixed.status()).isEqualTo(200);
		assertThat(fixed.body().path("succeeded").asBoolean()).isTrue();
		assertThat(fixed.body().path("remaining").asLong()).isZero();
		JsonNode view = this.http.get("/api/customers/" + poisoned).body();
		assertThat(view.path("name").asText()).isEqualTo(longName);
		assertThat(view.path("creditReserved").decimalValue()).isEqualTo(new BigDecimal("120.00"));
		assertThat(parked("customers", poisoned.value())).isEmpty();
		assertThat(this.meters.get("orders.dead.letters").tag("group", "customers").gauge().value()).isZero();
		assertThat(this.http.get("/actuator/health")
			.body()
			.path("components")
			.path("deadLetters")
			.path("details")
			.path("groups")
			.path("customers")
			.asLong()).isZero();
		assertThat(this.http.post("/api/admin/dead-letters/customers/" + poisoned + "/retry").status()).isEqualTo(404);
	}

	@Test
	void anEvictedSequenceIsGoneForGoodAndItsLaterEventsAreHandledAsTheyCome() {
		ProductId poisoned = new ProductId("overpriced-" + UUID.randomUUID());
		// a price beyond what the view's numeric(19, 2) holds
		EVENTS.append("Product", poisoned,
				new ProductCreatedEvent(poisoned, "Overpriced", Money.of("1000000000000000000.00"), 1));
		await().atMost(TIMEOUT).until(() -> parked("products", poisoned.value()).size() == 1);
		assertThat(parked("products", poisoned.value()).get(0).path("cause").path("message").asText())
			.contains("numeric field overflow");

		Response evicted = this.http.delete("/api/admin/dead-letters/products/" + poisoned);

		assertThat(evicted.status()).isEqualTo(200);
		assertThat(evicted.body().path("evicted").asInt()).isEqualTo(1);
		assertThat(parked("products", poisoned.value())).isEmpty();
		assertThat(this.http.delete("/api/admin/dead-letters/products/" + poisoned).status()).isEqualTo(404);
		EVENTS.append("Product", poisoned, new ProductRestockedEvent(poisoned, 5));
		ProductId next = new ProductId("next-" + UUID.randomUUID());
		EVENTS.append("Product", next, new ProductCreatedEvent(next, "Next", Money.of("1.00"), 1));
		await().atMost(TIMEOUT).until(() -> this.http.get("/api/products/" + next).status() == 200);
		assertThat(parked("products", poisoned.value())).isEmpty();
	}

	@Test
	void aTransientFailureIsRetriedAndNotParked() throws Exception {
		CustomerId customer = customer("transient");
		try (Connection locker = DriverManager.getConnection(DATABASE.jdbcUrl(), DATABASE.user(), DATABASE.password());
				Statement statement = locker.createStatement()) {
			locker.setAutoCommit(false);
			// the projection's write waits for this lock; its connection is then killed
			statement.execute("LOCK TABLE read_model.customer_view IN EXCLUSIVE MODE");
			EVENTS.append("Customer", customer, new CustomerCreatedEvent(customer, "Transient", Money.of("1.00")));
			Integer blocked = await().atMost(TIMEOUT).until(this::blockedViewWriter, (pid) -> pid != null);
			assertThat(this.jdbc.queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, blocked)).isTrue();
			locker.rollback();
		}

		await().atMost(TIMEOUT).until(() -> this.http.get("/api/customers/" + customer).status() == 200);
		assertThat(parked("customers", customer.value())).isEmpty();
		assertThat(this.http.get("/api/customers/" + customer).body().path("name").asText()).isEqualTo("Transient");
	}

	@Test
	void answersProblemsForUnknownGroupsSequencesAndBadPaging() {
		Response badGroup = this.http.get("/api/admin/dead-letters?group=nonsense");
		assertThat(badGroup.status()).isEqualTo(400);
		assertThat(badGroup.contentType()).startsWith("application/problem+json");
		assertThat(badGroup.body().path("errors").findValuesAsText("field")).containsExactly("group");
		assertThat(this.http.get("/api/admin/dead-letters?size=0").status()).isEqualTo(400);
		assertThat(this.http.post("/api/admin/dead-letters/retry?group=nonsense").status()).isEqualTo(400);
		Response unknown = this.http.post("/api/admin/dead-letters/customers/nobody/retry");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.contentType()).startsWith("application/problem+json");
		assertThat(this.http.delete("/api/admin/dead-letters/nonsense/nobody").status()).isEqualTo(404);
	}

	@Test
	void retryingEverythingReportsWhatIsStillParked() {
		ProductId poisoned = new ProductId("still-overpriced-" + UUID.randomUUID());
		EVENTS.append("Product", poisoned,
				new ProductCreatedEvent(poisoned, "Overpriced", Money.of("1000000000000000000.00"), 1));
		await().atMost(TIMEOUT).until(() -> parked("products", poisoned.value()).size() == 1);

		Response all = this.http.post("/api/admin/dead-letters/retry?group=products");

		assertThat(all.status()).isEqualTo(200);
		assertThat(all.body().path("sequences").asInt()).isGreaterThanOrEqualTo(1);
		assertThat(all.body().path("failed").asInt()).isGreaterThanOrEqualTo(1);
		assertThat(all.body().path("remaining").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(parked("products", poisoned.value()).get(0).path("attempts").asInt())
			.as("three before it was parked, one more for the retry")
			.isEqualTo(4);
		this.http.delete("/api/admin/dead-letters/products/" + poisoned);
	}

	private Integer blockedViewWriter() {
		List<Integer> pids = this.jdbc.queryForList(
				"SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
						+ " AND query ILIKE '%customer_view%'",
				Integer.class);
		return pids.isEmpty() ? null : pids.get(0);
	}

	private List<JsonNode> parked(String group, String sequence) {
		JsonNode page = this.http.get("/api/admin/dead-letters?group=" + group + "&size=100").body();
		List<JsonNode> items = new java.util.ArrayList<>();
		page.path("content").forEach((item) -> {
			if (item.path("sequenceIdentifier").asText().equals(sequence)) {
				items.add(item);
			}
		});
		return items;
	}

	private static CustomerId customer(String name) {
		return new CustomerId(name + "-" + UUID.randomUUID());
	}

}
