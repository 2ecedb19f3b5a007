package dev.ordersonaxon.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.ordersonaxon.e2e.Shop.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every flow of the design, through the HTTP APIs of a command-side and a query-side
 * process on PostgreSQL. Each test uses its own customers and products.
 */
class OrderFlowsIT {

	static OrdersSystem system;

	static Shop shop;

	@BeforeAll
	static void startSystem() {
		system = OrdersSystem.start("flows", 1, 1);
		shop = new Shop(system.command(0), system.query(0));
	}

	@AfterAll
	static void stopSystem() {
		if (system != null) {
			system.close();
		}
	}

	@Test
	void approvesAnOrderWithinCreditAndStock() {
		shop.createCustomer("approve-c", "100.00");
		shop.createProduct("approve-p", "10.00", 10);

		shop.placeAccepted("approve-o", "approve-c", line("approve-p", 3, "10.00"));

		JsonNode order = shop.awaitOrder("approve-o", "APPROVED");
		assertThat(order.path("total").decimalValue()).isEqualByComparingTo("30.00");
		assertThat(order.path("customerId").asText()).isEqualTo("approve-c");
		assertThat(order.path("lines")).hasSize(1);
		JsonNode customer = shop.awaitCreditReserved("approve-c", "30.00");
		assertThat(customer.path("creditAvailable").decimalValue()).isEqualByComparingTo("70.00");
		shop.awaitStock("approve-p", 3, 7);
	}

	@Test
	void rejectsAnOrderOverTheCreditLimit() {
		shop.createCustomer("credit-c", "20.00");
		shop.createProduct("credit-p", "10.00", 10);

		shop.placeAccepted("credit-o", "credit-c", line("credit-p", 3, "10.00"));

		JsonNode order = shop.awaitOrder("credit-o", "REJECTED");
		assertThat(order.path("rejectionReason").asText()).isEqualTo("CREDIT_LIMIT_EXCEEDED");
		shop.awaitProjectionsCaughtUp();
		assertThat(shop.customer("credit-c").path("creditReserved").decimalValue()).isEqualByComparingTo("0");
		assertThat(shop.product("credit-p").path("stockReserved").asInt()).isZero();
	}

	@Test
	void givesBackCreditAndStockWhenALineIsOutOfStock() {
		shop.createCustomer("oos-c", "1000.00");
		shop.createProduct("oos-a", "5.00", 10);
		shop.createProduct("oos-b", "7.00", 1);

		shop.placeAccepted("oos-o", "oos-c", line("oos-a", 2, "5.00"), line("oos-b", 5, "7.00"));

		assertThat(shop.awaitOrder("oos-o", "REJECTED").path("rejectionReason").asText()).isEqualTo("OUT_OF_STOCK");
		shop.awaitProjectionsCaughtUp();
		assertThat(shop.customer("oos-c").path("creditReserved").decimalValue()).isEqualByComparingTo("0");
		assertThat(shop.product("oos-a").path("stockReserved").asInt()).isZero();
		assertThat(shop.product("oos-a").path("stockAvailable").asInt()).isEqualTo(10);
		assertThat(shop.product("oos-b").path("stockAvailable").asInt()).isEqualTo(1);
	}

	@Test
	void rejectsAnOrderQuotingAnOutdatedPrice() {
		shop.createCustomer("price-c", "100.00");
		shop.createProduct("price-p", "10.00", 10);

		shop.placeAccepted("price-o", "price-c", line("price-p", 1, "9.00"));

		assertThat(shop.awaitOrder("price-o", "REJECTED").path("rejectionReason").asText()).isEqualTo("PRICE_CHANGED");
		shop.awaitProjectionsCaughtUp();
		assertThat(shop.customer("price-c").path("creditReserved").decimalValue()).isEqualByComparingTo("0");
	}

	@Test
	void rejectsAnOrderOfAnUnknownCustomer() {
		shop.createProduct("ghost-buyer-p", "1.00", 10);

		shop.placeAccepted("ghost-buyer-o", "nobody-at-all", line("ghost-buyer-p", 1, "1.00"));

		assertThat(shop.awaitOrder("ghost-buyer-o", "REJECTED").path("rejectionReason").asText())
			.isEqualTo("UNKNOWN_CUSTOMER");
	}

	@Test
	void rejectsAnOrderOfAnUnknownProductAndGivesBackTheRest() {
		shop.createCustomer("ghost-item-c", "100.00");
		shop.createProduct("ghost-item-p", "4.00", 10);

		shop.placeAccepted("ghost-item-o", "ghost-item-c", line("ghost-item-p", 2, "4.00"),
				line("no-such-product", 1, "1.00"));

		assertThat(shop.awaitOrder("ghost-item-o", "REJECTED").path("rejectionReason").asText())
			.isEqualTo("UNKNOWN_PRODUCT");
		shop.awaitProjectionsCaughtUp();
		assertThat(shop.customer("ghost-item-c").path("creditReserved").decimalValue()).isEqualByComparingTo("0");
		assertThat(shop.product("ghost-item-p").path("stockReserved").asInt()).isZero();
	}

	@Test
	void cancellingAnApprovedOrderGivesEverythingBack() {
		shop.createCustomer("cancel-late-c", "100.00");
		shop.createProduct("cancel-late-p", "10.00", 5);
		shop.placeAccepted("cancel-late-o", "cancel-late-c", line("cancel-late-p", 2, "10.00"));
		shop.awaitOrder("cancel-late-o", "APPROVED");

		Http.Response cancelled = shop.cancel("cancel-late-o");

		assertThat(cancelled.status()).isEqualTo(202);
		assertThat(cancelled.body().path("status").asText()).isEqualTo("CANCELLED");
		shop.awaitOrder("cancel-late-o", "CANCELLED");
		shop.awaitCreditReserved("cancel-late-c", "0");
		shop.awaitStock("cancel-late-p", 0, 5);
		assertThat(shop.cancel("cancel-late-o").status()).isEqualTo(409);
	}

	@Test
	void cancellingRightAfterPlacingLeavesNothingReserved() {
		shop.createCustomer("cancel-early-c", "100.00");
		shop.createProduct("cancel-early-p", "10.00", 5);

		shop.placeAccepted("cancel-early-o", "cancel-early-c", line("cancel-early-p", 2, "10.00"));
		// races the saga: the order is cancelled while pending or just after approval
		assertThat(shop.cancel("cancel-early-o").status()).isEqualTo(202);

		shop.awaitOrder("cancel-early-o", "CANCELLED");
		shop.awaitProjectionsCaughtUp();
		assertThat(shop.customer("cancel-early-c").path("creditReserved").decimalValue()).isEqualByComparingTo("0");
		assertThat(shop.product("cancel-early-p").path("stockReserved").asInt()).isZero();
		assertThat(shop.product("cancel-early-p").path("stockAvailable").asInt()).isEqualTo(5);
	}

	@Test
	void cancellingARejectedOrderIsAConflict() {
		shop.createCustomer("cancel-rejected-c", "1.00");
		shop.createProduct("cancel-rejected-p", "10.00", 5);
		shop.placeAccepted("cancel-rejected-o", "cancel-rejected-c", line("cancel-rejected-p", 1, "10.00"));
		shop.awaitOrder("cancel-rejected-o", "REJECTED");

		Http.Response response = shop.cancel("cancel-rejected-o");

		assertThat(response.status()).isEqualTo(409);
		assertThat(response.contentType()).startsWith("application/problem+json");
	}

	@Test
	void badInputIsRefusedWithAProblemAndStoresNothing() {
		Http.Response noLines = shop.place("bad-o", "bad-c");
		Http.Response badCustomer = Http.post(shop.commands().url("/api/customers"),
				"{\"customerId\":\"bad-c\",\"name\":\"\",\"creditLimit\":-1}");
		Http.Response malformed = Http.post(shop.commands().url("/api/products"), "{\"productId\":");
		Http.Response unknown = Http.post(shop.commands().url("/api/products/bad-p/restock"), "{\"quantity\":1}");

		assertThat(List.of(noLines, badCustomer, malformed)).allSatisfy((response) -> {
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.body().path("type").asText()).isEqualTo("/problems/invalid-input");
		});
		assertThat(badCustomer.body().path("errors").findValuesAsText("field")).contains("name", "creditLimit");
		assertThat(unknown.status()).isEqualTo(404);
		shop.awaitProjectionsCaughtUp();
		assertThat(Http.get(shop.queries().url("/api/orders/bad-o")).status()).isEqualTo(404);
		assertThat(Http.get(shop.queries().url("/api/orders/bad-o/events")).status()).isEqualTo(404);
		assertThat(Http.get(shop.queries().url("/api/customers/bad-c")).status()).isEqualTo(404);
	}

	@Test
	void pagesAndFiltersOrdersNewestFirst() {
		shop.createCustomer("paging-c", "1000.00");
		shop.createCustomer("paging-other", "1000.00");
		shop.createProduct("paging-p", "1.00", 100);
		for (int i = 1; i <= 3; i++) {
			shop.placeAccepted("paging-o" + i, "paging-c", line("paging-p", 1, "1.00"));
			shop.awaitOrder("paging-o" + i, "APPROVED");
		}
		shop.placeAccepted("paging-x", "paging-other", line("paging-p", 1, "1.00"));
		shop.awaitOrder("paging-x", "APPROVED");

		JsonNode first = Http.get(shop.queries().url("/api/orders?customerId=paging-c&size=2&page=0")).body();
		JsonNode second = Http.get(shop.queries().url("/api/orders?customerId=paging-c&size=2&page=1")).body();
		JsonNode approved = Http.get(shop.queries().url("/api/orders?customerId=paging-c&status=APPROVED&size=100"))
			.body();
		JsonNode rejected = Http.get(shop.queries().url("/api/orders?customerId=paging-c&status=REJECTED&size=100"))
			.body();

		assertThat(first.path("totalElements").asInt()).isEqualTo(3);
		assertThat(first.path("totalPages").asInt()).isEqualTo(2);
		assertThat(first.path("page").asInt()).isZero();
		assertThat(first.path("size").asInt()).isEqualTo(2);
		assertThat(first.path("content").findValuesAsText("orderId")).containsExactly("paging-o3", "paging-o2");
		assertThat(second.path("content").findValuesAsText("orderId")).containsExactly("paging-o1");
		assertThat(approved.path("totalElements").asInt()).isEqualTo(3);
		assertThat(rejected.path("totalElements").asInt()).isZero();
		assertThat(Http.get(shop.queries().url("/api/orders?size=0")).status()).isEqualTo(400);
		assertThat(Http.get(shop.queries().url("/api/orders?status=LOST")).status()).isEqualTo(400);
		assertThat(Http.get(shop.queries().url("/api/customers?page=0&size=1")).body().path("content")).hasSize(1);
	}

	@Test
	void showsAnOrdersEventHistory() {
		shop.createCustomer("history-c", "100.00");
		shop.createProduct("history-p", "2.00", 10);
		shop.placeAccepted("history-o", "history-c", line("history-p", 1, "2.00"));
		shop.awaitOrder("history-o", "APPROVED");

		JsonNode events = Http.get(shop.queries().url("/api/orders/history-o/events")).body();

		assertThat(events.findValuesAsText("type")).containsExactly("OrderPlacedEvent", "OrderApprovedEvent");
		assertThat(events.get(0).path("sequenceNumber").asLong()).isZero();
		assertThat(events.get(1).path("sequenceNumber").asLong()).isEqualTo(1);
		assertThat(events.get(0).path("payload").path("orderId").asText()).isEqualTo("history-o");
		assertThat(events.get(0).path("payload").path("total").decimalValue()).isEqualByComparingTo("2.00");
		assertThat(events.get(0).path("timestamp").asText()).endsWith("Z");
	}

	@Test
	void streamsTheOrderViewAndEachChangeUntilItIsFinal() throws Exception {
		shop.createCustomer("live-c", "100.00");
		shop.createProduct("live-p", "2.00", 10);
		shop.placeAccepted("live-o", "live-c", line("live-p", 1, "2.00"));
		shop.awaitOrder("live-o", "APPROVED");
		List<JsonNode> received = new ArrayList<>();
		CompletableFuture<Void> stream = shop.followUpdates("live-o", received);
		await().atMost(Duration.ofSeconds(15)).until(() -> !received.isEmpty());

		shop.cancel("live-o");

		stream.get(30, TimeUnit.SECONDS);
		assertThat(received).extracting((view) -> view.path("status").asText())
			.containsExactly("APPROVED", "CANCELLED");
	}

	@Test
	void aReplayRebuildsEveryViewIdentically() {
		shop.createCustomer("replay-c", "50.00");
		shop.createProduct("replay-p", "5.00", 3);
		shop.placeAccepted("replay-ok", "replay-c", line("replay-p", 2, "5.00"));
		shop.awaitOrder("replay-ok", "APPROVED");
		// placed once the first holds its stock: pending orders race for it in either
		// order
		shop.placeAccepted("replay-no", "replay-c", line("replay-p", 2, "5.00"));
		shop.awaitOrder("replay-no", "REJECTED");
		shop.awaitProjectionsCaughtUp();
		List<JsonNode> before = allViews();

		for (String projection : List.of("customers", "products", "orders")) {
			assertThat(Http.post(shop.queries().url("/api/admin/projections/" + projection + "/replay")).status())
				.isEqualTo(202);
		}

		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
			JsonNode projections = Http.get(shop.queries().url("/api/admin/projections")).body();
			for (JsonNode projection : projections) {
				if (projection.path("progress").asDouble() < 1.0 || projection.path("replaying").asBoolean()) {
					return false;
				}
			}
			return true;
		});
		shop.awaitProjectionsCaughtUp();
		assertThat(allViews()).isEqualTo(before);
		assertThat(Http.post(shop.queries().url("/api/admin/projections/nonsense/replay")).status()).isEqualTo(404);
	}

	private static List<JsonNode> allViews() {
		List<JsonNode> views = new ArrayList<>();
		for (String path : List.of("/api/customers", "/api/products", "/api/orders")) {
			views.add(Http.get(shop.queries().url(path + "?size=100")).body());
		}
		return views;
	}

}
