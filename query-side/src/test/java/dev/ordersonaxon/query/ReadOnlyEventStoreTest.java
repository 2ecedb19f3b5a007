package dev.ordersonaxon.query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersonaxon.eventstore.EventStoreWriter;
import dev.ordersonaxon.query.QuerySideIntegrationTest.Scenario;
import dev.ordersonaxon.testsupport.TestDatabase;
import dev.ordersonaxon.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The query side runs as a PostgreSQL role that may only read the event store: it owns
 * its read-model schema and nothing else.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadOnlyEventStoreTest {

	private static final TestDatabase DATABASE = TestDatabase.create("query_side_ro");

	private static final EventStoreWriter EVENTS = EventStoreWriter.start(DATABASE);

	private static final String ROLE = DATABASE.name() + "_reader";

	private static final String PASSWORD = "reader";

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	static {
		DATABASE.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "'");
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			DATABASE.execute("DROP DATABASE IF EXISTS " + DATABASE.name() + " WITH (FORCE)");
			DATABASE.execute("DROP ROLE IF EXISTS " + ROLE);
		}, "drop-" + ROLE));
		// CREATE on the database lets Flyway create the read_model schema, owned by the
		// role.
		inDatabase("GRANT CREATE ON DATABASE " + DATABASE.name() + " TO " + ROLE,
				"GRANT USAGE ON SCHEMA event_store TO " + ROLE,
				"GRANT SELECT ON ALL TABLES IN SCHEMA event_store TO " + ROLE);
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestTokens.registerVerifier(registry);
		registry.add("spring.datasource.url", DATABASE::jdbcUrl);
		registry.add("spring.datasource.username", () -> ROLE);
		registry.add("spring.datasource.password", () -> PASSWORD);
	}

	@AfterAll
	static void stopWriter() {
		EVENTS.close();
	}

	@Test
	void buildsAndRebuildsViewsWithReadOnlyAccessToTheEventStore() {
		assertThat(this.jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo(ROLE);
		assertThat(this.jdbc.queryForObject(
				"SELECT has_table_privilege(current_user, 'event_store.domain_event_entry', 'INSERT, UPDATE, DELETE')",
				Boolean.class))
			.isFalse();
		HttpJson http = new HttpJson(this.port);
		Scenario s = Scenario.appendFullLifecycle(EVENTS);

		await().atMost(TIMEOUT)
			.until(() -> http.get("/api/orders/" + s.cancelled()).body().path("status").asText(), "CANCELLED"::equals);
		assertThat(http.get("/api/customers/" + s.ada()).body().path("creditReserved").decimalValue())
			.isEqualByComparingTo("81.00");
		assertThat(http.get("/api/orders/" + s.approved() + "/events").body()).hasSize(2);

		assertThat(http.post("/api/admin/projections/orders/replay").status()).isEqualTo(202);
		await().atMost(TIMEOUT).untilAsserted(() -> {
			JsonNode orders = http.get("/api/admin/projections").body().get(2);
			assertThat(orders.path("name").asText()).isEqualTo("orders");
			assertThat(orders.path("progress").asDouble()).isEqualTo(1.0);
			assertThat(orders.path("replaying").asBoolean()).isFalse();
		});
		assertThat(http.get("/api/orders/" + s.rejected()).body().path("rejectionReason").asText())
			.isEqualTo("OUT_OF_STOCK");
	}

	private static void inDatabase(String... statements) {
		try (Connection connection = DriverManager.getConnection(DATABASE.jdbcUrl(), DATABASE.user(),
				DATABASE.password()); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
