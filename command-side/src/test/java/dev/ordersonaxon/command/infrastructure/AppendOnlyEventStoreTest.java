package dev.ordersonaxon.command.infrastructure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import dev.ordersonaxon.testsupport.TestDatabase;
import dev.ordersonaxon.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The command side as in production: the schema migrated by a role that owns it, the
 * application running as another, neither a superuser. The whole order flow works with
 * what the migrations grant, and the application's role can append events but not change,
 * delete or truncate one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AppendOnlyEventStoreTest {

	private static final TestDatabase DATABASE = TestDatabase.create("command_roles_it");

	private static final String OWNER = DATABASE.name() + "_owner";

	private static final String APP = DATABASE.name() + "_app";

	private static final String PASSWORD = "not-a-secret";

	static {
		DATABASE.execute("CREATE ROLE " + OWNER + " LOGIN NOSUPERUSER PASSWORD '" + PASSWORD + "'");
		DATABASE.execute("CREATE ROLE " + APP + " LOGIN NOSUPERUSER PASSWORD '" + PASSWORD + "'");
		DATABASE.execute("GRANT CONNECT, CREATE ON DATABASE " + DATABASE.name() + " TO " + OWNER);
		DATABASE.execute("GRANT CONNECT ON DATABASE " + DATABASE.name() + " TO " + APP);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			DATABASE.execute("DROP DATABASE IF EXISTS " + DATABASE.name() + " WITH (FORCE)");
			DATABASE.execute("DROP ROLE IF EXISTS " + APP);
			DATABASE.execute("DROP ROLE IF EXISTS " + OWNER);
		}, "drop-" + DATABASE.name() + "-roles"));
	}

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestTokens.registerVerifier(registry);
		registry.add("spring.datasource.url", DATABASE::jdbcUrl);
		registry.add("spring.datasource.username", () -> APP);
		registry.add("spring.datasource.password", () -> PASSWORD);
		registry.add("spring.flyway.user", () -> OWNER);
		registry.add("spring.flyway.password", () -> PASSWORD);
	}

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void takesOrdersWithWhatItIsGrantedAndCannotChangeAStoredEvent() throws Exception {
		assertThat(post("/api/customers", "{\"customerId\":\"roles-c\",\"name\":\"Ann\",\"creditLimit\":100}"))
			.isEqualTo(201);
		assertThat(post("/api/products", "{\"productId\":\"roles-p\",\"name\":\"Pen\",\"price\":2,\"stock\":5}"))
			.isEqualTo(201);
		assertThat(
				post("/api/orders",
						"{\"orderId\":\"roles-o\",\"customerId\":\"roles-c\","
								+ "\"lines\":[{\"productId\":\"roles-p\",\"quantity\":1,\"unitPrice\":2}]}"))
			.isEqualTo(202);
		await().atMost(Duration.ofSeconds(30)).until(() -> count("payload_type like '%OrderApprovedEvent'") == 1);

		try (Connection app = DriverManager.getConnection(DATABASE.jdbcUrl(), APP, PASSWORD);
				Statement statement = app.createStatement()) {
			for (String change : new String[] { "UPDATE event_store.domain_event_entry SET payload = payload",
					"DELETE FROM event_store.domain_event_entry", "TRUNCATE event_store.domain_event_entry",
					"ALTER TABLE event_store.domain_event_entry ADD COLUMN x int",
					"DROP TABLE event_store.domain_event_entry" }) {
				assertThatThrownBy(() -> statement.execute(change)).as(change)
					.isInstanceOfSatisfying(SQLException.class,
							// insufficient privilege, or not the table's owner
							(ex) -> assertThat(ex.getSQLState()).isIn("42501"));
			}
		}
		assertThat(count("true")).as("events, all still there").isGreaterThanOrEqualTo(6);
	}

	private int post(String path, String json) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.header("Authorization", TestTokens.operator())
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json))
				.build(), HttpResponse.BodyHandlers.ofString())
			.statusCode();
	}

	private static long count(String where) throws SQLException {
		try (Connection owner = DriverManager.getConnection(DATABASE.jdbcUrl(), OWNER, PASSWORD);
				Statement statement = owner.createStatement();
				var rows = statement
					.executeQuery("SELECT count(*) FROM event_store.domain_event_entry WHERE " + where)) {
			rows.next();
			return rows.getLong(1);
		}
	}

}
