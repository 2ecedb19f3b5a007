package dev.ordersonaxon.query.order;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CustomerCreatedEvent;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.OrderApprovedEvent;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.product.ProductCreatedEvent;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.eventstore.EventStoreWriter;
import dev.ordersonaxon.query.HttpJson;
import dev.ordersonaxon.query.HttpJson.Response;
import dev.ordersonaxon.testsupport.TestDatabase;
import dev.ordersonaxon.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order list by cursor and page number, and the paged event history, over real HTTP
 * on real PostgreSQL, with small limits so that a few orders and events cross them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"query-side.paging.max-offset=10", "query-side.paging.events-size=3", "query-side.paging.events-max-size=5" })
class OrderPagingIntegrationTest {

	private static final TestDatabase DATABASE = TestDatabase.create("query_paging_it");

	private static final EventStoreWriter EVENTS = EventStoreWriter.start(DATABASE);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>; rel=\"next\"");

	private static final Instant BASE = Instant.parse("2026-03-01T12:00:00Z");

	private static final List<OrderLine> LINES = List
		.of(new OrderLine(new ProductId("paging-widget"), 1, Money.of("10.00")));

	@LocalServerPort
	int port;

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
	void walksEveryOrderOnceNewestFirstByCursor() {
		CustomerId customer = customer();
		// Five orders share each placing time: the id decides between them.
		List<Placed> orders = IntStream.range(0, 23)
			.mapToObj((i) -> new Placed(new OrderId("walk-" + i + "-" + customer), customer, BASE.plusSeconds(i % 5)))
			.toList();
		place(orders);
		awaitListed(customer, orders.size());

		List<JsonNode> walked = walk("/api/orders?customerId=" + customer + "&size=4");

		assertThat(ids(walked)).containsExactlyElementsOf(newestFirst(orders));
	}

	@Test
	void ordersPlacedDuringAWalkDoNotShiftIt() {
		CustomerId customer = customer();
		List<Placed> before = IntStream.range(0, 10)
			.mapToObj((i) -> new Placed(new OrderId("shift-" + i + "-" + customer), customer, BASE.plusSeconds(i)))
			.toList();
		place(before);
		awaitListed(customer, before.size());

		Response first = this.http.get("/api/orders?customerId=" + customer + "&size=3");
		assertThat(first.status()).isEqualTo(200);
		List<JsonNode> walked = new ArrayList<>();
		first.body().path("content").forEach(walked::add);
		// Newer orders would push every order one page further under page numbers; an
		// older one belongs after the walk's position and must be met.
		List<Placed> newer = IntStream.range(0, 4)
			.mapToObj(
					(i) -> new Placed(new OrderId("newer-" + i + "-" + customer), customer, BASE.plusSeconds(100 + i)))
			.toList();
		Placed older = new Placed(new OrderId("older-" + customer), customer, BASE.minusSeconds(100));
		List<Placed> during = new ArrayList<>(newer);
		during.add(older);
		place(during);
		awaitListed(customer, before.size() + during.size());

		walked.addAll(follow(nextLink(first).orElseThrow()));

		List<Placed> expected = new ArrayList<>(before);
		expected.add(older);
		assertThat(ids(walked)).containsExactlyElementsOf(newestFirst(expected));
	}

	@Test
	void cursorWalksKeepTheirFilters() {
		CustomerId customer = customer();
		List<Placed> orders = IntStream.range(0, 12)
			.mapToObj((i) -> new Placed(new OrderId("filter-" + i + "-" + customer), customer, BASE.plusSeconds(i)))
			.toList();
		place(orders);
		List<Placed> approved = orders.stream().filter((order) -> order.placedAt().getEpochSecond() % 3 == 0).toList();
		EVENTS.appendAll(approved.stream()
			.map((order) -> (DomainEventMessage<?>) new GenericDomainEventMessage<>("Order", order.orderId().value(), 1,
					new OrderApprovedEvent(order.orderId())))
			.toList());
		await().atMost(TIMEOUT)
			.until(() -> this.http.get("/api/orders?status=APPROVED&size=1&customerId=" + customer)
				.body()
				.path("totalElements")
				.asLong(), (count) -> count == approved.size());

		List<JsonNode> approvedOfCustomer = walk("/api/orders?customerId=" + customer + "&status=approved&size=2");
		assertThat(ids(approvedOfCustomer)).containsExactlyElementsOf(newestFirst(approved));

		List<JsonNode> everyApproved = walk("/api/orders?status=APPROVED&size=3");
		assertThat(everyApproved)
			.allSatisfy((order) -> assertThat(order.path("status").asText()).isEqualTo("APPROVED"));
		assertThat(ids(everyApproved)).doesNotHaveDuplicates().containsAll(newestFirst(approved));
		assertNewestFirst(everyApproved);

		List<JsonNode> everyOrder = walk("/api/orders?size=7");
		assertThat(ids(everyOrder)).doesNotHaveDuplicates().containsAll(newestFirst(orders));
		assertNewestFirst(everyOrder);
	}

	@Test
	void pagesByNumberCarryTheCursorOfTheNextPage() {
		CustomerId customer = customer();
		List<Placed> orders = IntStream.range(0, 5)
			.mapToObj((i) -> new Placed(new OrderId("number-" + i + "-" + customer), customer, BASE.plusSeconds(i)))
			.toList();
		place(orders);
		awaitListed(customer, orders.size());

		Response second = this.http.get("/api/orders?customerId=" + customer + "&page=1&size=2");
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.body().path("page").asInt()).isEqualTo(1);
		assertThat(second.body().path("totalElements").asLong()).isEqualTo(5);
		assertThat(second.body().path("totalPages").asInt()).isEqualTo(3);
		String next = second.body().path("next").asText();
		Response third = this.http.get("/api/orders?customerId=" + customer + "&size=2&cursor=" + next);
		Response thirdByNumber = this.http.get("/api/orders?customerId=" + customer + "&page=2&size=2");
		assertThat(ids(third.body())).hasSize(1).isEqualTo(ids(thirdByNumber.body()));
		assertThat(third.body().path("next").isNull()).isTrue();
		assertThat(thirdByNumber.body().path("next").isNull()).isTrue();
		assertThat(nextLink(third)).isEmpty();
		assertThat(nextLink(thirdByNumber)).isEmpty();
	}

	@Test
	void refusesPagesByNumberBeyondTheMaximumOffset() {
		assertThat(this.http.get("/api/orders?page=2&size=5").status()).isEqualTo(200);
		assertThat(this.http.get("/api/orders?page=10&size=1").status()).isEqualTo(200);

		for (String tooDeep : List.of("/api/orders?page=3&size=4", "/api/orders?page=11&size=1",
				"/api/orders?page=2147483647&size=100")) {
			Response refused = this.http.get(tooDeep);
			assertInvalid(refused, "page");
			assertThat(refused.body().path("detail").asText()).as(tooDeep).contains("cursor");
		}
	}

	@Test
	void refusesCursorsItDidNotMakeOrMadeForOtherFilters() {
		CustomerId customer = customer();
		List<Placed> orders = IntStream.range(0, 3)
			.mapToObj((i) -> new Placed(new OrderId("tamper-" + i + "-" + customer), customer, BASE.plusSeconds(i)))
			.toList();
		place(orders);
		awaitListed(customer, orders.size());
		String cursor = this.http.get("/api/orders?customerId=" + customer + "&size=1").body().path("next").asText();
		assertThat(this.http.get("/api/orders?customerId=" + customer + "&size=1&cursor=" + cursor).status())
			.isEqualTo(200);

		String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
		String otherPosition = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(decoded.replace("tamper-2", "tamper-1").getBytes(StandardCharsets.UTF_8));
		char swapped = (cursor.charAt(5) == 'A') ? 'B' : 'A';
		String flipped = cursor.substring(0, 5) + swapped + cursor.substring(6);
		for (String bad : List.of("garbage", "%25%25%25", "", otherPosition, flipped, cursor.substring(0, 20),
				cursor + cursor, "A".repeat(5000))) {
			assertInvalid(this.http.get("/api/orders?customerId=" + customer + "&size=1&cursor=" + bad), "cursor");
		}

		assertInvalid(this.http.get("/api/orders?size=1&cursor=" + cursor), "cursor");
		assertInvalid(this.http.get("/api/orders?customerId=x" + customer + "&size=1&cursor=" + cursor), "cursor");
		assertInvalid(this.http.get("/api/orders?customerId=" + customer + "&status=PENDING&size=1&cursor=" + cursor),
				"cursor");
		assertInvalid(this.http.get("/api/orders?customerId=" + customer + "&page=0&size=1&cursor=" + cursor), "page");
		assertInvalid(this.http.get("/api/orders?customerId=" + customer + "&size=101&cursor=" + cursor), "size");
		assertInvalid(this.http.get("/api/orders?customerId=" + customer + "&size=0&cursor=" + cursor), "size");
	}

	@Test
	void walksAnOrdersEventsThroughTheLinkHeader() {
		OrderId order = new OrderId("history-" + UUID.randomUUID());
		CustomerId customer = customer();
		List<Object> payloads = new ArrayList<>();
		payloads.add(new OrderPlacedEvent(order, customer, LINES, Money.of("10.00")));
		IntStream.range(0, 6).forEach((i) -> payloads.add(new OrderApprovedEvent(order)));
		EVENTS.append("Order", order, payloads.toArray());

		Response first = this.http.get("/api/orders/" + order + "/events");
		assertThat(first.status()).isEqualTo(200);
		assertThat(sequenceNumbers(first.body())).containsExactly(0L, 1L, 2L);
		assertThat(first.body().get(0).path("type").asText()).isEqualTo("OrderPlacedEvent");
		assertThat(first.body().get(0).path("payload").path("orderId").asText()).isEqualTo(order.value());
		assertThat(nextLink(first).orElseThrow().getRawQuery()).isEqualTo("afterSequence=2&size=3");

		List<Long> walked = new ArrayList<>(sequenceNumbers(first.body()));
		Optional<URI> next = nextLink(first);
		while (next.isPresent()) {
			Response page = this.http.get(next.get());
			assertThat(page.status()).isEqualTo(200);
			assertThat(page.body().size()).isBetween(1, 3);
			walked.addAll(sequenceNumbers(page.body()));
			next = nextLink(page);
		}
		assertThat(walked).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);

		Response exactlyTheRest = this.http.get("/api/orders/" + order + "/events?afterSequence=1&size=5");
		assertThat(sequenceNumbers(exactlyTheRest.body())).containsExactly(2L, 3L, 4L, 5L, 6L);
		assertThat(nextLink(exactlyTheRest)).isEmpty();
		Response pastTheEnd = this.http.get("/api/orders/" + order + "/events?afterSequence=6");
		assertThat(pastTheEnd.status()).isEqualTo(200);
		assertThat(pastTheEnd.body().size()).isZero();
		assertThat(nextLink(pastTheEnd)).isEmpty();
	}

	@Test
	void showsEventsOfOrdersOnly() throws Exception {
		CustomerId customer = customer();
		ProductId product = new ProductId("product-" + UUID.randomUUID());
		EVENTS.append("Product", product, new ProductCreatedEvent(product, "Widget", Money.of("10.00"), 5));

		for (String notAnOrder : List.of(customer.value(), product.value(), "nobody-" + UUID.randomUUID())) {
			for (String query : List.of("", "?afterSequence=0", "?afterSequence=5&size=1")) {
				Response response = this.http.get("/api/orders/" + notAnOrder + "/events" + query);
				assertThat(response.status()).as(notAnOrder + query).isEqualTo(404);
				assertThat(response.contentType()).startsWith("application/problem+json");
				assertThat(response.body().path("type").asText()).isEqualTo("/problems/not-found");
			}
			// nor does an order's live-update stream open for it
			HttpResponse<Void> updates = this.http.client()
				.send(HttpRequest.newBuilder(this.http.uri("/api/orders/" + notAnOrder + "/updates"))
					.header("Authorization", TestTokens.operator())
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.discarding());
			assertThat(updates.statusCode()).as(notAnOrder + "/updates").isEqualTo(404);
		}
	}

	@Test
	void refusesBadEventPagingParameters() {
		OrderId order = new OrderId("params-" + UUID.randomUUID());
		EVENTS.append("Order", order, new OrderPlacedEvent(order, customer(), LINES, Money.of("10.00")));
		assertThat(this.http.get("/api/orders/" + order + "/events?size=5&afterSequence=0").status()).isEqualTo(200);

		assertInvalid(this.http.get("/api/orders/" + order + "/events?size=0"), "size");
		assertInvalid(this.http.get("/api/orders/" + order + "/events?size=6"), "size");
		assertInvalid(this.http.get("/api/orders/" + order + "/events?size=many"), "size");
		assertInvalid(this.http.get("/api/orders/" + order + "/events?afterSequence=-1"), "afterSequence");
		assertInvalid(this.http.get("/api/orders/" + order + "/events?afterSequence=9223372036854775807"),
				"afterSequence");
		assertInvalid(this.http.get("/api/orders/" + order + "/events?afterSequence=99999999999999999999"),
				"afterSequence");
		assertInvalid(this.http.get("/api/orders/" + order + "/events?afterSequence=first"), "afterSequence");
	}

	/** Every page from the first by following {@code Link: rel="next"}. */
	private List<JsonNode> walk(String firstPage) {
		Response first = this.http.get(firstPage);
		assertThat(first.status()).as(firstPage).isEqualTo(200);
		List<JsonNode> orders = new ArrayList<>();
		first.body().path("content").forEach(orders::add);
		nextLink(first).ifPresent((next) -> orders.addAll(follow(next)));
		return orders;
	}

	private List<JsonNode> follow(URI next) {
		List<JsonNode> orders = new ArrayList<>();
		Optional<URI> link = Optional.of(next);
		while (link.isPresent()) {
			Response page = this.http.get(link.get());
			assertThat(page.status()).as(link.get().toString()).isEqualTo(200);
			// a cursor page is not counted
			assertThat(page.body().path("totalElements").isNull()).isTrue();
			assertThat(page.body().path("page").isNull()).isTrue();
			page.body().path("content").forEach(orders::add);
			link = nextLink(page);
		}
		return orders;
	}

	/** The Link header, which must name the page the body's {@code next} names. */
	private static Optional<URI> nextLink(Response page) {
		Optional<String> header = page.header("Link");
		JsonNode next = page.body().path("next");
		if (header.isEmpty()) {
			assertThat(next.isMissingNode() || next.isNull()).as("next without a Link header").isTrue();
			return Optional.empty();
		}
		Matcher matcher = NEXT_LINK.matcher(header.get());
		assertThat(matcher.matches()).as(header.get()).isTrue();
		URI uri = URI.create(matcher.group(1));
		if (page.body().isObject()) {
			assertThat(uri.getRawQuery()).contains("cursor=" + next.asText());
		}
		return Optional.of(uri);
	}

	private void place(List<Placed> orders) {
		EVENTS.appendAll(orders.stream()
			.map((order) -> (DomainEventMessage<?>) new GenericDomainEventMessage<>("Order", order.orderId().value(), 0,
					new OrderPlacedEvent(order.orderId(), order.customerId(), LINES, Money.of("10.00")), Map.of(),
					UUID.randomUUID().toString(), order.placedAt()))
			.toList());
	}

	private void awaitListed(CustomerId customer, int count) {
		await().atMost(TIMEOUT)
			.until(() -> this.http.get("/api/orders?size=1&customerId=" + customer)
				.body()
				.path("totalElements")
				.asLong(), (listed) -> listed == count);
	}

	private static CustomerId customer() {
		CustomerId customer = new CustomerId("c-" + UUID.randomUUID());
		EVENTS.append("Customer", customer, new CustomerCreatedEvent(customer, "Ada", Money.of("1000.00")));
		return customer;
	}

	private static List<String> newestFirst(List<Placed> orders) {
		return orders.stream()
			.sorted(Comparator.comparing(Placed::placedAt).thenComparing((order) -> order.orderId().value()).reversed())
			.map((order) -> order.orderId().value())
			.toList();
	}

	private static void assertNewestFirst(List<JsonNode> orders) {
		for (int i = 1; i < orders.size(); i++) {
			JsonNode before = orders.get(i - 1);
			JsonNode after = orders.get(i);
			int byTime = Instant.parse(before.path("placedAt").asText())
				.compareTo(Instant.parse(after.path("placedAt").asText()));
			assertThat(byTime > 0
					|| byTime == 0 && before.path("orderId").asText().compareTo(after.path("orderId").asText()) > 0)
				.as("%s before %s", before, after)
				.isTrue();
		}
	}

	private static List<String> ids(List<JsonNode> orders) {
		return orders.stream().map((order) -> order.path("orderId").asText()).toList();
	}

	private static List<String> ids(JsonNode page) {
		List<JsonNode> orders = new ArrayList<>();
		page.path("content").forEach(orders::add);
		return ids(orders);
	}

	private static List<Long> sequenceNumbers(JsonNode events) {
		List<Long> numbers = new ArrayList<>();
		events.forEach((event) -> numbers.add(event.path("sequenceNumber").asLong()));
		return numbers;
	}

	private static void assertInvalid(Response response, String field) {
		assertThat(response.status()).as("%s", response.body()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body().path("type").asText()).isEqualTo("/problems/invalid-input");
		assertThat(response.body().path("errors").findValuesAsText("field")).contains(field);
	}

	private record Placed(OrderId orderId, CustomerId customerId, Instant placedAt) {

	}

}
