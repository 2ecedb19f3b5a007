package dev.ordersonaxon.query;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CustomerCreatedEvent;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.eventstore.EventStoreWriter;
import dev.ordersonaxon.testsupport.EndpointAccessMatrix;
import dev.ordersonaxon.testsupport.TestDatabase;
import dev.ordersonaxon.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may read what from the query side, over real HTTP with real tokens: every endpoint
 * the application maps against the roles expected to be allowed it, the actuator, and
 * tokens that must not be accepted.
 */
// a stream whose client went away ends at the next heartbeat
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "query-side.updates-heartbeat=200ms")
class ApiAccessTest {

	private static final TestDatabase DATABASE = TestDatabase.create("query_access_it");

	private static final EventStoreWriter EVENTS = EventStoreWriter.start(DATABASE);

	/** Every endpoint of the query side, and the roles allowed it. */
	static final Map<String, Set<String>> ALLOWED = Map.ofEntries(Map.entry("GET /api/customers", Set.of("viewer")),
			Map.entry("GET /api/customers/{id}", Set.of("viewer", "customer")),
			Map.entry("GET /api/products", Set.of("viewer", "customer")),
			Map.entry("GET /api/products/{id}", Set.of("viewer", "customer")),
			Map.entry("GET /api/orders", Set.of("viewer", "customer")),
			Map.entry("GET /api/orders/{id}", Set.of("viewer", "customer")),
			Map.entry("GET /api/orders/{id}/events", Set.of("viewer", "customer")),
			Map.entry("GET /api/orders/{id}/updates", Set.of("viewer", "customer")),
			Map.entry("GET /api/orders/updates", Set.of("viewer", "customer")),
			Map.entry("POST /api/orders/updates-cookie", Set.of("viewer", "customer")),
			Map.entry("GET /api/admin/projections", Set.of("admin")),
			Map.entry("POST /api/admin/projections/{name}/replay", Set.of("admin")),
			Map.entry("GET /api/admin/dead-letters", Set.of("admin")),
			Map.entry("POST /api/admin/dead-letters/retry", Set.of("admin")),
			Map.entry("POST /api/admin/dead-letters/{group}/{sequenceIdentifier}/retry", Set.of("admin")),
			Map.entry("DELETE /api/admin/dead-letters/{group}/{sequenceIdentifier}", Set.of("admin")));

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		DATABASE.registerDataSource(registry);
		TestTokens.registerVerifier(registry);
	}

	@AfterAll
	static void stopWriter() {
		EVENTS.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void everyEndpointIsOpenToItsRolesOnly() throws Exception {
		assertThat(EndpointAccessMatrix.violations(baseUrl(), EndpointAccessMatrix.endpoints(this.mappings), ALLOWED))
			.isEmpty();
	}

	@Test
	void confinesACustomersTokenToItsOwnCustomerOrdersAndEventsAndAnswersOthersAsUnknown() throws Exception {
		CustomerId ann = new CustomerId("iso-ann");
		CustomerId bob = new CustomerId("iso-bob");
		OrderId annsOrder = new OrderId("iso-ann-1");
		OrderId bobsOrder = new OrderId("iso-bob-1");
		for (CustomerId customer : List.of(ann, bob)) {
			EVENTS.append("Customer", customer, new CustomerCreatedEvent(customer, "C", Money.of("100.00")));
		}
		EVENTS.append("Order", annsOrder, placed(annsOrder, ann));
		EVENTS.append("Order", bobsOrder, placed(bobsOrder, bob));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> get("/api/orders/" + bobsOrder, TestTokens.bearer("viewer")).statusCode() == 200);
		String asAnn = "Bearer " + TestTokens.withRoles("customer").customerId(ann.value()).sign();

		assertThat(get("/api/customers/" + ann, asAnn).statusCode()).isEqualTo(200);
		assertThat(get("/api/orders/" + annsOrder, asAnn).statusCode()).isEqualTo(200);
		assertThat(get("/api/orders/" + annsOrder + "/events", asAnn).statusCode()).isEqualTo(200);
		HttpResponse<String> annsList = get("/api/orders", asAnn);
		assertThat(annsList.body()).contains(annsOrder.value()).doesNotContain(bobsOrder.value());
		assertThat(get("/api/orders?customerId=" + bob, asAnn).statusCode()).isEqualTo(403);
		HttpResponse<InputStream> annsStream = stream("/api/orders/updates?customerId=" + ann, "Authorization", asAnn);
		annsStream.body().close();
		assertThat(annsStream.statusCode()).isEqualTo(200);
		assertThat(get("/api/orders/updates?customerId=" + bob, asAnn).statusCode()).isEqualTo(403);
		assertThat(get("/api/customers", asAnn).statusCode()).isEqualTo(403);
		assertThat(get("/api/products", asAnn).statusCode()).isEqualTo(200);

		// another customer's is answered exactly as what does not exist
		for (String path : List.of("/api/customers/%s", "/api/orders/%s", "/api/orders/%s/events",
				"/api/orders/%s/updates")) {
			String theirs = path.contains("customers") ? bob.value() : bobsOrder.value();
			HttpResponse<String> other = get(path.formatted(theirs), asAnn);
			HttpResponse<String> none = get(path.formatted("iso-none"), asAnn);
			assertThat(other.statusCode()).as(path).isEqualTo(404);
			assertThat(other.body().replace(theirs, "ID")).as(path).isEqualTo(none.body().replace("iso-none", "ID"));
		}
	}

	@Test
	void givesBrowsersTheirShortLivedTokenAsACookieThatOnlyLiveUpdateStreamsOfOrdersAndCustomersRead()
			throws Exception {
		OrderId order = new OrderId("cookie-1");
		EVENTS.append("Order", order, placed(order, new CustomerId("cookie-c")));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> get("/api/orders/" + order, TestTokens.bearer("viewer")).statusCode() == 200);
		TestTokens.Token shortLived = TestTokens.withRoles("viewer").expiresAt(Instant.now().plusSeconds(120));

		HttpResponse<String> longLived = post("/api/orders/updates-cookie", TestTokens.bearer("viewer"));
		assertThat(longLived.statusCode()).isEqualTo(400);
		assertThat(longLived.headers().firstValue("Set-Cookie")).isEmpty();
		HttpResponse<String> issued = post("/api/orders/updates-cookie", "Bearer " + shortLived.sign());
		assertThat(issued.statusCode()).isEqualTo(204);
		String setCookie = issued.headers().firstValue("Set-Cookie").orElseThrow();
		assertThat(setCookie).contains("HttpOnly", "SameSite=Strict", "Path=/api/orders/");
		String cookie = setCookie.substring(0, setCookie.indexOf(';'));

		for (String streamPath : List.of("/api/orders/" + order + "/updates",
				"/api/orders/updates?customerId=cookie-c")) {
			HttpResponse<InputStream> stream = stream(streamPath, "Cookie", cookie);
			stream.body().close();
			assertThat(stream.statusCode()).as(streamPath).isEqualTo(200);
		}
		// anywhere else the cookie is no token
		assertThat(this.http.send(
				HttpRequest.newBuilder(URI.create(baseUrl() + "/api/orders/" + order)).header("Cookie", cookie).build(),
				HttpResponse.BodyHandlers.discarding())
			.statusCode()).isEqualTo(401);
	}

	private HttpResponse<InputStream> stream(String path, String header, String value) throws Exception {
		// a stream whose headers never come fails the test instead of holding it forever
		return this.http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
			.header(header, value)
			.header("Accept", "text/event-stream")
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofInputStream());
	}

	private HttpResponse<String> post(String path, String authorization) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
			.header("Authorization", authorization)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static OrderPlacedEvent placed(OrderId orderId, CustomerId customerId) {
		return new OrderPlacedEvent(orderId, customerId,
				List.of(new OrderLine(new ProductId("p"), 1, Money.of("1.00"))), Money.of("1.00"));
	}

	@Test
	void showsHealthStatusToAnyoneAndEverythingElseOfTheActuatorToAdminsOnly() throws Exception {
		HttpResponse<String> anonymous = get("/actuator/health", null);
		assertThat(anonymous.statusCode()).isEqualTo(200);
		assertThat(anonymous.body()).contains("\"status\"").doesNotContain("components");
		assertThat(get("/actuator/health", TestTokens.bearer("admin")).body()).contains("\"components\"");
		assertThat(get("/actuator/metrics", TestTokens.bearer("viewer")).statusCode()).isEqualTo(403);
		assertThat(get("/actuator/metrics", TestTokens.bearer("admin")).statusCode()).isEqualTo(200);
	}

	@Test
	void refusesExpiredAndForeignTokensAndAnswersAnUnknownPathToAnyValidOne() throws Exception {
		TestTokens.Token viewer = TestTokens.withRoles("viewer");
		assertThat(get("/api/customers", "Bearer " + viewer.sign()).statusCode()).isEqualTo(200);
		assertThat(get("/api/customers", "Bearer " + viewer.expiresAt(Instant.now().minusSeconds(120)).sign())
			.statusCode()).isEqualTo(401);
		assertThat(get("/api/customers", "Bearer " + viewer.signedByStranger().sign()).statusCode()).isEqualTo(401);
		assertThat(get("/api/customers", "Bearer " + viewer.unsigned()).statusCode()).isEqualTo(401);

		assertThat(get("/api/nothing-here", null).statusCode()).isEqualTo(401);
		assertThat(get("/api/nothing-here", TestTokens.bearer("clerk")).statusCode()).isEqualTo(404);
	}

	private HttpResponse<String> get(String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String baseUrl() {
		return "http://localhost:" + this.port;
	}

}
