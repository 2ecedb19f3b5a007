package dev.ordersonaxon.command.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import dev.ordersonaxon.testsupport.TestDatabase;
import dev.ordersonaxon.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The command side's limits on a running server, over real HTTP and on real PostgreSQL:
 * request body size, declared and chunked, how long a request waits for its command, and
 * what Tomcat refuses before the application sees it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "orders.web.max-body-size=2KB", "orders.command.timeout=2s" })
class CommandLimitsIntegrationTest {

	static final TestDatabase database = TestDatabase.create("command_limits_it");

	private static final int LIMIT = 2048;

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

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void answersWhatTomcatRefusesByItselfWithAProblemNotAnHtmlPage() throws Exception {
		long before = eventCount();
		// an encoded slash in the path never reaches Spring: Tomcat refuses it
		HttpResponse<String> response = post("/api/orders/a%2Fb/cancel", HttpRequest.BodyPublishers.noBody());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.path("type").asString()).isEqualTo("/problems/invalid-input");
		assertThat(problem.path("status").asInt()).isEqualTo(400);
		assertThat(response.body()).doesNotContain("Tomcat");
		assertThat(eventCount()).isEqualTo(before);
	}

	@Test
	void refusesABodyThatDeclaresMoreThanTheLimitBeforeReadingIt() throws Exception {
		long before = eventCount();
		// not even JSON: refused for its size, not parsed
		byte[] body = "x".repeat(LIMIT + 1).getBytes(StandardCharsets.UTF_8);

		HttpResponse<String> response = post("/api/customers", HttpRequest.BodyPublishers.ofByteArray(body));

		assertBodyTooLarge(response);
		assertThat(eventCount()).isEqualTo(before);
	}

	@Test
	void refusesAChunkedBodyOnceItPassesTheLimit() throws Exception {
		long before = eventCount();
		// well-formed JSON, so a parser that read it whole would answer 400 for the name
		byte[] body = ("{\"name\":\"" + "a".repeat(LIMIT) + "\",\"creditLimit\":1}").getBytes(StandardCharsets.UTF_8);

		HttpResponse<String> response = post("/api/customers", chunked(body));

		assertBodyTooLarge(response);
		assertThat(eventCount()).isEqualTo(before);
	}

	@Test
	void acceptsAChunkedBodyWithinTheLimit() throws Exception {
		byte[] body = "{\"customerId\":\"chunked-ann\",\"name\":\"Ann\",\"creditLimit\":1}"
			.getBytes(StandardCharsets.UTF_8);

		HttpResponse<String> response = post("/api/customers", chunked(body));

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(this.json.readTree(response.body()).path("customerId").asString()).isEqualTo("chunked-ann");
	}

	@Test
	void answersServiceUnavailableWhenTheCommandDoesNotCompleteInTimeAndTheCommandMayStillComplete() throws Exception {
		String create = "{\"customerId\":\"slow-ann\",\"name\":\"Ann\",\"creditLimit\":10}";
		HttpResponse<String> response;
		try (Connection lock = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
			// a transaction that blocks every append to the event store until it ends
			lock.setAutoCommit(false);
			try (Statement statement = lock.createStatement()) {
				statement.execute("LOCK TABLE event_store.domain_event_entry IN SHARE MODE");
			}

			response = post("/api/customers", HttpRequest.BodyPublishers.ofString(create));

			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(eventsOf("slow-ann")).as("nothing appended while the lock is held").isZero();
			lock.rollback();
		}
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.path("type").asString()).isEqualTo("/problems/timeout");
		assertThat(problem.path("title").asString()).isEqualTo("Command timed out");
		assertThat(problem.path("status").asInt()).isEqualTo(503);

		// the command went on once the lock was gone: whole, not half
		await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf("slow-ann") == 1);
		// so repeating it with its own id is safe: answered as the first would have been,
		// nothing appended
		HttpResponse<String> repeated = post("/api/customers", HttpRequest.BodyPublishers.ofString(create));
		assertThat(repeated.statusCode()).isEqualTo(201);
		assertThat(this.json.readTree(repeated.body()).path("customerId").asString()).isEqualTo("slow-ann");
		assertThat(eventsOf("slow-ann")).isEqualTo(1);
	}

	private long eventsOf(String aggregateIdentifier) {
		return this.jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
				Long.class, aggregateIdentifier);
	}

	private void assertBodyTooLarge(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.path("type").asString()).isEqualTo("/problems/body-too-large");
		assertThat(problem.path("title").asString()).isEqualTo("Request body too large");
		assertThat(problem.path("status").asInt()).isEqualTo(413);
		assertThat(problem.path("detail").asString()).contains(String.valueOf(LIMIT));
	}

	/** A body of unknown length: the client sends it with chunked transfer encoding. */
	private static BodyPublisher chunked(byte[] body) {
		return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
	}

	private HttpResponse<String> post(String path, BodyPublisher body) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", TestTokens.operator())
			.header("Content-Type", "application/json")
			.POST(body)
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private long eventCount() {
		return this.jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
	}

}
