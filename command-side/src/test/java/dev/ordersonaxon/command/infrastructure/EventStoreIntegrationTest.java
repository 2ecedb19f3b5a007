package dev.ordersonaxon.command.infrastructure;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CustomerCreatedEvent;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.eventstore.CachingJacksonSerializer;
import dev.ordersonaxon.eventstore.WakeableEventStore;
import dev.ordersonaxon.testsupport.TestDatabase;
import dev.ordersonaxon.testsupport.TestTokens;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The event store on a real PostgreSQL, driven through the real HTTP API. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventStoreIntegrationTest {

	static final TestDatabase database = TestDatabase.create("command_store_it");

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
	@Qualifier("serializer")
	Serializer serializer;

	@Autowired
	@Qualifier("eventSerializer")
	Serializer eventSerializer;

	@Autowired
	@Qualifier("messageSerializer")
	Serializer messageSerializer;

	@Test
	void oneJacksonSerializerThatRemembersClassesServesEventsMessagesAndTheRest() {
		assertThat(this.serializer).isInstanceOf(CachingJacksonSerializer.class);
		assertThat(this.eventSerializer).isSameAs(this.serializer);
		assertThat(this.messageSerializer).isSameAs(this.serializer);
	}

	@Test
	void eventsRoundTripThroughPostgresAsJson() {
		ResponseEntity<String> created = post("/api/customers",
				"{\"customerId\":\"round-trip\",\"name\":\"Ann\",\"creditLimit\":250.75}");

		assertThat(created.getStatusCode().value()).isEqualTo(201);
		List<? extends DomainEventMessage<?>> events = this.eventStore.readEvents("round-trip").asStream().toList();
		assertThat(events).singleElement().satisfies((event) -> {
			assertThat(event.getSequenceNumber()).isZero();
			assertThat(event.getPayload())
				.isEqualTo(new CustomerCreatedEvent(new CustomerId("round-trip"), "Ann", Money.of("250.75")));
		});
		byte[] payload = this.jdbc.queryForObject(
				"select payload from domain_event_entry where aggregate_identifier = 'round-trip'", byte[].class);
		assertThat(new String(payload, StandardCharsets.UTF_8)).contains("\"creditLimit\":250.75");
	}

	@Test
	void storesPayloadsTokensAndSagasAsByteaNeverAsLargeObjects() {
		post("/api/products", "{\"productId\":\"no-lobs\",\"name\":\"Pen\",\"price\":1.50,\"stock\":10}");

		assertThat(this.jdbc.queryForObject("select count(*) from pg_largeobject_metadata", Long.class)).isZero();
		List<Map<String, Object>> binaryColumns = this.jdbc.queryForList("""
				select table_name, column_name, data_type from information_schema.columns
				where table_schema = 'event_store'
				  and column_name in ('payload', 'meta_data', 'token', 'serialized_saga', 'diagnostics')
				""");
		assertThat(binaryColumns).hasSizeGreaterThanOrEqualTo(9)
			.allSatisfy((column) -> assertThat(column.get("data_type")).as(column.toString()).isEqualTo("bytea"));
	}

	@Test
	void globalIndexComesFromItsOwnSequenceOneNumberAtATime() {
		post("/api/customers", "{\"customerId\":\"seq-1\",\"name\":\"Ann\",\"creditLimit\":1}");
		post("/api/customers", "{\"customerId\":\"seq-2\",\"name\":\"Bob\",\"creditLimit\":1}");

		Map<String, Object> sequence = this.jdbc.queryForMap("""
				select increment_by, last_value from pg_sequences
				where schemaname = 'event_store' and sequencename = 'domain_event_entry_global_index_seq'
				""");
		Long highest = this.jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
		assertThat(sequence.get("increment_by")).isEqualTo(1L);
		assertThat(sequence.get("last_value")).isEqualTo(highest);
		List<Long> indexes = this.jdbc.queryForList(
				"select global_index from domain_event_entry where aggregate_identifier in ('seq-1', 'seq-2') order by global_index",
				Long.class);
		assertThat(indexes.get(1) - indexes.get(0)).isEqualTo(1L);
	}

	@Test
	void aDuplicateIdIsAConflictAndAppendsNothing() {
		post("/api/customers", "{\"customerId\":\"twice\",\"name\":\"Ann\",\"creditLimit\":10}");
		long before = eventCount();

		ResponseEntity<String> again = post("/api/customers",
				"{\"customerId\":\"twice\",\"name\":\"Eve\",\"creditLimit\":99}");

		assertThat(again.getStatusCode().value()).isEqualTo(409);
		assertThat(again.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(again.getBody()).contains("/problems/duplicate-id");
		assertThat(eventCount()).isEqualTo(before);
	}

	@Test
	void anUnknownIdIsNotFoundAndAppendsNothing() {
		long before = eventCount();

		ResponseEntity<String> response = send(
				restClient().put().uri("/api/customers/nobody/credit-limit").body("{\"creditLimit\":5}"));

		assertThat(response.getStatusCode().value()).isEqualTo(404);
		assertThat(response.getBody()).contains("/problems/not-found").contains("nobody");
		assertThat(eventCount()).isEqualTo(before);
	}

	@Test
	void invalidInputAppendsNothing() {
		long before = eventCount();

		ResponseEntity<String> response = post("/api/products", "{\"name\":\"Pen\",\"price\":-1,\"stock\":1}");

		assertThat(response.getStatusCode().value()).isEqualTo(400);
		assertThat(eventCount()).isEqualTo(before);
	}

	@Test
	void axonRunsItsUnitsOfWorkInSpringManagedTransactions(
			@Autowired org.axonframework.common.transaction.TransactionManager transactionManager) {
		assertThat(transactionManager).isInstanceOf(SpringTransactionManager.class);
	}

	@Test
	void committingAnEventNotifiesListenersInOtherProcessesWithItsIndex() throws Exception {
		try (Connection listener = DriverManager.getConnection(database.jdbcUrl(), database.user(),
				database.password())) {
			listener.createStatement().execute("LISTEN domain_events");

			post("/api/customers", "{\"customerId\":\"notified\",\"name\":\"Ann\",\"creditLimit\":1}");

			PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(10_000);
			// each names the event whose insert sent it
			assertThat(notifications).extracting(PGNotification::getParameter)
				.containsExactly(this.jdbc.queryForObject(
						"select max(global_index)::text from domain_event_entry where aggregate_identifier = ?",
						String.class, "notified"));
		}
		assertThat(this.eventStore).isInstanceOf(WakeableEventStore.class);
	}

	private long eventCount() {
		return this.jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
	}

	private ResponseEntity<String> post(String path, String json) {
		return send(restClient().post().uri(path).body(json));
	}

	private RestClient restClient() {
		return RestClient.builder()
			.defaultHeader("Authorization", TestTokens.operator())
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader("Content-Type", MediaType.APPLICATION_JSON_VALUE)
			.build();
	}

	private static ResponseEntity<String> send(RestClient.RequestBodySpec request) {
		return request.retrieve().onStatus(HttpStatusCode::isError, (req, res) -> {
		}).toEntity(String.class);
	}

}
