package dev.ordersonaxon.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static dev.ordersonaxon.e2e.Shop.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two command-side and two query-side processes on one database, as a scaled-out
 * deployment runs: concurrent orders over both command nodes never over-reserve credit,
 * both query nodes agree, and one query node carries on when the other stops.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodeIT {

	static OrdersSystem system;

	@BeforeAll
	static void startSystem() {
		system = OrdersSystem.start("multi", 2, 2);
	}

	@AfterAll
	static void stopSystem() {
		if (system != null) {
			system.close();
		}
	}

	@Test
	@Order(1)
	void hundredConcurrentOrdersOverTwoCommandNodesApproveExactlyWhatTheCreditAllows() throws Exception {
		Shop shop = new Shop(system.command(0), system.query(0));
		shop.createCustomer("multi-c", "500.00");
		shop.createProduct("multi-p", "10.00", 1000);
		ExecutorService clients = Executors.newFixedThreadPool(20);

		List<CompletableFuture<Http.Response>> placed = IntStream.range(0, 100)
			.mapToObj((i) -> CompletableFuture.supplyAsync(() -> Shop.placeHonouringRetryAfter(system.command(i % 2),
					"multi-o" + i, "multi-c", line("multi-p", 1, "10.00")), clients))
			.toList();
		CompletableFuture.allOf(placed.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
		clients.shutdown();

		assertThat(placed).allSatisfy((response) -> assertThat(response.get().status()).isEqualTo(202));
		for (AppProcess query : system.queryNodes()) {
			Shop view = new Shop(system.command(0), query);
			view.awaitView("/api/orders?customerId=multi-c&status=PENDING&size=1",
					(page) -> page.path("totalElements").asInt() == 0
							&& countOf(query, "multi-c", "APPROVED") + countOf(query, "multi-c", "REJECTED") == 100);
			view.awaitProjectionsCaughtUp();
			assertThat(countOf(query, "multi-c", "APPROVED")).as(query.name()).isEqualTo(50);
			assertThat(countOf(query, "multi-c", "REJECTED")).as(query.name()).isEqualTo(50);
			// an event projected twice would show here as double the reservations
			JsonNode customer = view.customer("multi-c");
			assertThat(customer.path("creditReserved").decimalValue()).as(query.name()).isEqualByComparingTo("500.00");
			assertThat(customer.path("creditAvailable").decimalValue()).as(query.name()).isEqualByComparingTo("0");
			JsonNode product = view.product("multi-p");
			assertThat(product.path("stockReserved").asInt()).as(query.name()).isEqualTo(50);
			assertThat(product.path("stockAvailable").asInt()).as(query.name()).isEqualTo(950);
		}
	}

	@Test
	@Order(2)
	void liveUpdatesReachSubscribersOnEveryQueryNode() throws Exception {
		Shop shop = new Shop(system.command(0), system.query(0));
		shop.createCustomer("live-multi-c", "100.00");
		shop.createProduct("live-multi-p", "1.00", 10);
		shop.placeAccepted("live-multi-o", "live-multi-c", line("live-multi-p", 1, "1.00"));
		shop.awaitOrder("live-multi-o", "APPROVED");
		List<List<JsonNode>> received = List.of(new ArrayList<>(), new ArrayList<>());
		List<CompletableFuture<Void>> streams = new ArrayList<>();
		for (int node = 0; node < 2; node++) {
			streams
				.add(new Shop(system.command(0), system.query(node)).followUpdates("live-multi-o", received.get(node)));
		}
		await().atMost(Duration.ofSeconds(15)).until(() -> received.stream().noneMatch(List::isEmpty));

		shop.cancel("live-multi-o");

		CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		for (List<JsonNode> views : received) {
			assertThat(views).extracting((view) -> view.path("status").asText())
				.containsExactly("APPROVED", "CANCELLED");
		}
	}

	@Test
	@Order(3)
	void whenOneQueryNodeStopsTheOtherTakesOverItsSegments() {
		system.query(0).close();
		Shop shop = new Shop(system.command(1), system.query(1));
		shop.createCustomer("failover-c", "100.00");
		shop.createProduct("failover-p", "1.00", 10);

		shop.placeAccepted("failover-o", "failover-c", line("failover-p", 2, "1.00"));

		shop.awaitOrder("failover-o", "APPROVED");
		shop.awaitCreditReserved("failover-c", "2.00");
		shop.awaitStock("failover-p", 2, 8);
	}

	private static int countOf(AppProcess query, String customerId, String status) {
		return Http.get(query.url("/api/orders?customerId=" + customerId + "&status=" + status + "&size=1"))
			.body()
			.path("totalElements")
			.asInt();
	}

}
