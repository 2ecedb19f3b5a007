package dev.ordersonaxon.command.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.ordersonaxon.testsupport.EndpointAccessMatrix;
import dev.ordersonaxon.testsupport.TestDatabase;
import dev.ordersonaxon.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may send what to the command side, over real HTTP with real tokens: every endpoint
 * the application maps against the roles expected to be allowed it, the actuator, and
 * tokens that must not be accepted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiAccessTest {

	static final TestDatabase database = TestDatabase.create("command_access_it");

	/** Every endpoint of the command side, and the roles allowed it. */
	static final Map<String, Set<String>> ALLOWED = Map.ofEntries(Map.entry("POST /api/customers", Set.of("manager")),
			Map.entry("PUT /api/customers/{customerId}/credit-limit", Set.of("manager")),
			Map.entry("POST /api/products", Set.of("manager")),
			Map.entry("POST /api/products/{productId}/restock", Set.of("manager")),
			Map.entry("POST /api/orders", Set.of("clerk", "customer")),
			Map.entry("POST /api/orders/{orderId}/cancel", Set.of("clerk", "customer")),
			Map.entry("GET /api/admin/dead-letters", Set.of("admin")),
			Map.entry("POST /api/admin/dead-letters/retry", Set.of("admin")),
			Map.entry("POST /api/admin/dead-letters/{group}/{sequenceIdentifier}/retry", Set.of("admin")),
			Map.entry("DELETE /api/admin/dead-letters/{group}/{sequenceIdentifier}", Set.of("admin")));

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		database.registerDataSource(registry);
		TestTokens.registerVerifier(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Autowired
	JdbcTemplate jdbc;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void everyEndpointIsOpenToItsRolesOnlyAndChangesNothingForOthers() throws Exception {
		long events = eventCount();

		assertThat(EndpointAccessMatrix.violations(baseUrl(), EndpointAccessMatrix.endpoints(this.mappings), ALLOWED))
			.isEmpty();
		assertThat(eventCount()).as("events stored by refused or invalid calls").isEqualTo(events);
	}

	@Test
	void confinesACustomersTokenToItsOwnOrdersAndAnswersOthersAsUnknown() throws Exception {
		String manager = TestTokens.bearer("manager");
		String clerk = TestTokens.bearer("clerk");
		String ann = "Bearer " + TestTokens.withRoles("customer").customerId("iso-ann").subject("ann").sign();
		for (String customer : new String[] { "iso-ann", "iso-bob" }) {
			assertThat(post("/api/customers", manager,
					"{\"customerId\":\"" + customer + "\",\"name\":\"C\",\"creditLimit\":100}")
				.statusCode()).isEqualTo(201);
		}
		assertThat(post("/api/products", manager, "{\"productId\":\"iso-p\",\"name\":\"P\",\"price\":1,\"stock\":9}")
			.statusCode()).isEqualTo(201);
		String line = "\"lines\":[{\"productId\":\"iso-p\",\"quantity\":1,\"unitPrice\":1}]}";

		assertThat(
				post("/api/orders", ann, "{\"orderId\":\"iso-ann-1\",\"customerId\":\"iso-ann\"," + line).statusCode())
			.isEqualTo(202);
		assertThat(post("/api/orders", clerk, "{\"orderId\":\"iso-bob-1\",\"customerId\":\"iso-bob\"," + line)
			.statusCode()).isEqualTo(202);
		HttpResponse<String> forBob = post("/api/orders", ann,
				"{\"orderId\":\"iso-ann-2\",\"customerId\":\"iso-bob\"," + line);
		assertThat(forBob.statusCode()).isEqualTo(403);
		assertThat(forBob.body()).contains("\"type\":\"/problems/forbidden\"");

		HttpResponse<String> bobsOrder = post("/api/orders/iso-bob-1/cancel", ann, null);
		HttpResponse<String> noOrder = post("/api/orders/iso-none/cancel", ann, null);
		assertThat(bobsOrder.statusCode()).isEqualTo(404);
		assertThat(bobsOrder.body().replace("iso-bob-1", "ID")).isEqualTo(noOrder.body().replace("iso-none", "ID"));
		// the saga goes on with the two orders meanwhile: what the refusals would have
		// stored
		// is looked for by name
		assertThat(eventsOf("iso-ann-2", "%")).as("the order placed for another customer").isZero();
		assertThat(eventsOf("iso-bob-1", "%OrderCancelledEvent")).as("the other customer's order cancelled").isZero();

		assertThat(post("/api/orders/iso-ann-1/cancel", ann, null).statusCode()).isEqualTo(202);
		assertThat(post("/api/orders/iso-bob-1/cancel", clerk, null).statusCode()).isEqualTo(202);
	}

	@Test
	void showsHealthStatusToAnyoneAndEverythingElseOfTheActuatorToAdminsOnly() throws Exception {
		HttpResponse<String> anonymous = get("/actuator/health", null);
		assertThat(anonymous.statusCode()).isEqualTo(200);
		assertThat(anonymous.body()).contains("\"status\"").doesNotContain("components");
		assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
		assertThat(get("/actuator/health", TestTokens.bearer("admin")).body()).contains("\"components\"");
		assertThat(get("/actuator/health", TestTokens.bearer("manager")).body()).doesNotContain("components");

		assertThat(get("/actuator/metrics", null).statusCode()).isEqualTo(401);
		assertThat(get("/actuator/metrics", TestTokens.bearer("viewer", "clerk", "manager")).statusCode())
			.isEqualTo(403);
		assertThat(get("/actuator/metrics", TestTokens.bearer("admin")).statusCode()).isEqualTo(200);
	}

	@Test
	void refusesTokensThatAreExpiredForeignMisdirectedOrUnsigned() throws Exception {
		TestTokens.Token manager = TestTokens.withRoles("manager");
		assertThat(createCustomer("Bearer " + manager.sign()).statusCode()).isEqualTo(201);

		long events = eventCount();
		Map<String, String> refused = Map.of("expired",
				"Bearer " + manager.expiresAt(Instant.now().minusSeconds(120)).sign(), "signed by another key",
				"Bearer " + manager.signedByStranger().sign(), "meant for another audience",
				"Bearer " + manager.audience("another-service").sign(), "unsigned (alg none)",
				"Bearer " + manager.unsigned(), "without a subject", "Bearer " + manager.subject(null).sign(),
				"not a token", "Bearer not.a.token");
		// why a token was refused is not told: every refusal reads the same
		Set<String> bodies = new HashSet<>();
		refused.forEach((what, authorization) -> {
			HttpResponse<String> response = createCustomer(authorization);
			assertThat(response.statusCode()).as(what).isEqualTo(401);
			assertThat(response.headers().firstValue("Content-Type")).as(what)
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(response.headers().firstValue("WWW-Authenticate")).as(what)
				.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer"));
			assertThat(response.body()).as(what).contains("\"type\":\"/problems/unauthorized\"");
			bodies.add(response.body());
		});
		assertThat(bodies).hasSize(1);
		HttpResponse<String> basic = createCustomer("Basic YWRtaW46YWRtaW4=");
		assertThat(basic.statusCode()).isEqualTo(401);
		assertThat(basic.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(eventCount()).as("events stored with refused tokens").isEqualTo(events);
	}

	@Test
	void refusesCrossOriginBrowsersUnlessTheirOriginIsConfigured() throws Exception {
		HttpResponse<String> preflight = this.http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/orders"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "https://elsewhere.example")
			.header("Access-Control-Request-Method", "POST")
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(preflight.statusCode()).isEqualTo(403);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(preflight.body()).contains("\"type\":\"/problems/forbidden\"");
	}

	@Test
	void sendsSecurityHeadersWithEveryAnswer() throws Exception {
		// answers of the filters, of the application, of Spring Security's firewall (a
		// semicolon) and of Tomcat itself (an encoded slash)
		for (HttpResponse<String> response : new HttpResponse[] { get("/actuator/health", null),
				get("/api/nothing", null), createCustomer(TestTokens.bearer("viewer")),
				get("/api/orders;x=1", TestTokens.operator()), get("/api/orders/a%2Fb", TestTokens.operator()) }) {
			assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
			assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
			assertThat(response.headers().firstValue("Cache-Control"))
				.hasValueSatisfying((cache) -> assertThat(cache).contains("no-store"));
		}
	}

	private HttpResponse<String> createCustomer(String authorization) {
		try {
			return this.http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/customers"))
				.header("Authorization", authorization)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ann\",\"creditLimit\":10}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private HttpResponse<String> post(String path, String authorization, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
			.header("Authorization", authorization);
		if (json != null) {
			request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.POST(HttpRequest.BodyPublishers.noBody());
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private long eventsOf(String aggregate, String type) {
		return this.jdbc.queryForObject("select count(*) from event_store.domain_event_entry "
				+ "where aggregate_identifier = ? and payload_type like ?", Long.class, aggregate, type);
	}

	private long eventCount() {
		return this.jdbc.queryForObject("select count(*) from event_store.domain_event_entry", Long.class);
	}

	private String baseUrl() {
		return "http://localhost:" + this.port;
	}

}
