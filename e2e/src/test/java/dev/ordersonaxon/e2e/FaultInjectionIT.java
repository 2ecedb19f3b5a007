package dev.ordersonaxon.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

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
 * Crashes, restarts and lost connections while clients keep placing orders: the packaged
 * applications run as processes on a PostgreSQL cluster of the suite's own, which it can
 * restart. Each scenario gets a fresh database and fresh processes, injects its faults
 * under load and then checks what users care about: no accepted order lost or left
 * pending, no credit or stock held that no approved order accounts for (on the events and
 * in the views), views equal to the events, and processing back to normal. The table
 * printed at the end has the figures. Skip with {@code -Dfaults.skip=true}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionIT {

	private static final int CLIENTS = 8;

	/**
	 * Payload types of events the poison scenarios store as an older release might have.
	 */
	private static final String CUSTOMER_CREATED = "dev.ordersonaxon.api.customer.CustomerCreatedEvent";

	private static final String PRODUCT_CREATED = "dev.ordersonaxon.api.product.ProductCreatedEvent";

	private static final String ORDER_PLACED = "dev.ordersonaxon.api.order.OrderPlacedEvent";

	static final FaultReport report = new FaultReport();

	static PostgresCluster cluster;

	@BeforeAll
	static void startPostgres() {
		cluster = PostgresCluster.start();
	}

	@AfterAll
	static void stopPostgres() {
		report.print();
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	@Order(1)
	void commandSideKilledThreeTimesUnderLoadLosesNoOrderAndHoldsNothingItShouldNot() {
		scenario("kill-command", 1, 1, (scenario) -> {
			scenario.row().faults = "3× SIGKILL command side";
			OrderLoad load = scenario.startLoad(CLIENTS);
			for (int kill = 1; kill <= 3; kill++) {
				scenario.letLoadRun(30);
				load.phase("command side down");
				AppProcess restarted = scenario.system().killAndRestartCommand(0);
				load.phase("after command restart");
				scenario.awaitProcessingResumed(restarted);
			}
			scenario.letLoadRun(30);
			scenario.endFaults();

			scenario.verifyOutcome();
			assertThat(scenario.rejectionsByReason()).as("no order may time out merely because the saga's node crashed")
				.doesNotContainKey("TIMEOUT");
			scenario.assertValidOrderApprovedPromptly();
		});
	}

	@Test
	@Order(2)
	void querySideKilledTwiceUnderLoadCatchesUpAndItsViewsEqualAReplay() {
		scenario("kill-query", 1, 1, (scenario) -> {
			scenario.row().faults = "2× SIGKILL query side";
			OrderLoad load = scenario.startLoad(CLIENTS);
			for (int kill = 1; kill <= 2; kill++) {
				scenario.letLoadRun(30);
				load.phase("query side down");
				scenario.system().killAndRestartQuery(0);
				load.phase("after query restart");
				scenario.awaitProcessingResumed(scenario.system().command(0));
			}
			scenario.letLoadRun(30);
			scenario.endFaults();

			scenario.verifyOutcome();
			Map<String, List<String>> before = projectedViews(scenario);
			for (String projection : List.of("customers", "products", "orders")) {
				replay(scenario, projection);
			}
			scenario.shop().awaitProjectionsCaughtUp();
			assertThat(projectedViews(scenario)).as("the views after a replay of every projection").isEqualTo(before);
			scenario.assertValidOrderApprovedPromptly();
		});
	}

	@Test
	@Order(3)
	void postgresRestartedImmediatelyUnderLoadTheApplicationsRecoverByThemselves() {
		scenario("restart-postgres", 1, 1, (scenario) -> {
			scenario.row().faults = "3× pg_ctl restart -m immediate";
			OrderLoad load = scenario.startLoad(CLIENTS);
			for (int restart = 1; restart <= 3; restart++) {
				scenario.letLoadRun(30);
				load.phase("postgres restarting");
				scenario.cluster().restartImmediately();
				load.phase("after postgres restart");
				scenario.awaitProcessingResumed(scenario.system().command(0));
			}
			scenario.letLoadRun(30);
			load.phase("postgres stopped");
			scenario.cluster().stopImmediately();
			try {
				assertAnsweredAsAnOutage(scenario);
			}
			finally {
				scenario.cluster().startAgain();
			}
			load.phase("after postgres started");
			for (AppProcess node : scenario.system().allNodes()) {
				await().alias(node.url("") + " ready again by itself once PostgreSQL is back")
					.atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> Http.get(node.url("/actuator/health/readiness")).status() == 200);
			}
			scenario.awaitProcessingResumed(scenario.system().command(0));
			scenario.letLoadRun(30);
			scenario.endFaults();

			scenario.verifyOutcome();
			scenario.assertValidOrderApprovedPromptly();
			List<String> serverErrors = load.answers()
				.values()
				.stream()
				.flatMap((answers) -> answers.keySet().stream())
				.filter((answer) -> answer.matches(".* 5\\d\\d") && !answer.endsWith(" 503"))
				.distinct()
				.toList();
			assertThat(serverErrors)
				.as("answers while PostgreSQL restarted: 503 (retry), never another 5xx; %s", load.unexpectedAnswers())
				.isEmpty();
		});
	}

	@Test
	@Order(4)
	void querySideListenConnectionsTerminatedUnderLoadViewsKeepUpAndItListensAgain() {
		scenario("terminate-listen", 1, 1, (scenario) -> {
			scenario.row().faults = "pg_terminate_backend: query side LISTENs";
			OrderLoad load = scenario.startLoad(CLIENTS);
			AppProcess queries = scenario.system().query(0);
			scenario.letLoadRun(30);
			List<String> terminated = scenario.listeningBackends(queries);
			assertThat(terminated).as("the query side's LISTEN connections")
				.anyMatch((backend) -> backend.endsWith("LISTEN domain_events"));

			load.phase("LISTEN terminated");
			assertThat(scenario.terminateListeningBackends(queries, "LISTEN%")).isPositive();
			scenario.assertValidOrderApprovedPromptly();
			await().alias("the query side listening for new events again")
				.atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> scenario.listeningBackends(queries)
					.stream()
					.anyMatch((backend) -> backend.endsWith("LISTEN domain_events") && !terminated.contains(backend)));
			load.phase("after LISTEN reconnected");
			scenario.letLoadRun(30);
			scenario.endFaults();

			scenario.verifyOutcome();
			scenario.assertValidOrderApprovedPromptly();
		});
	}

	@Test
	@Order(5)
	void oneOfTwoCommandNodesKilledWhileItRunsTheSagaTheOtherCarriesOn() {
		scenario("kill-saga-node", 2, 1, (scenario) -> {
			scenario.row().faults = "SIGKILL saga node of 2 command nodes";
			OrderLoad load = scenario.startLoad(CLIENTS);
			String owner = await().alias("a command node claims the saga's segment")
				.atMost(Duration.ofSeconds(30))
				.until(scenario::sagaOwner, (claim) -> claim.isPresent())
				.orElseThrow();
			int holder = nodeWithPid(scenario, owner);
			AppProcess survivor = scenario.system().command(1 - holder);
			scenario.letLoadRun(30);

			load.phase("saga node down");
			scenario.system().command(holder).kill();
			load.useCommandNodes(List.of(survivor.url("")));
			// no restart here: the survivor takes the saga over once the claim times out
			scenario.awaitProcessingResumed(survivor, FaultScenario.CLAIM_TIMEOUT.plus(FaultScenario.RESUMED_WITHIN));
			assertThat(scenario.sagaOwner()).as("the saga's segment, after its node was killed")
				.hasValueSatisfying((claim) -> assertThat(claim).startsWith(survivor.pid() + "@"));
			load.phase("after failover");
			scenario.letLoadRun(30);
			scenario.endFaults();

			scenario.verifyOutcome();
			assertThat(scenario.rejectionsByReason()).as("no order may time out merely because the saga's node crashed")
				.doesNotContainKey("TIMEOUT");
			scenario.assertValidOrderApprovedPromptly();
		});
	}

	/**
	 * The saga in four segments, two on each of two command nodes, so that both nodes'
	 * batches take the aggregates' shared locks: one node is killed with its transactions
	 * (and locks) open and started again. The other node's batches go on once PostgreSQL
	 * has ended the dead node's transactions, and the restarted node takes its segments
	 * back once the dead claims have timed out.
	 */
	@Test
	@Order(6)
	void oneOfTwoCommandNodesSharingTheSagaKilledAndRestartedTheSagaCarriesOnOnBoth() {
		scenario("kill-shared-saga-node", 2, 1, Map.of("ORDERS_SAGA_SEGMENTS", "4", "ORDERS_SAGA_THREADS", "2"),
				(scenario) -> {
					scenario.row().faults = "SIGKILL 1 of 2 command nodes sharing 4 saga segments, restarted";
					OrderLoad load = scenario.startLoad(CLIENTS);
					await().alias("both command nodes hold saga segments")
						.atMost(Duration.ofSeconds(30))
						.until(() -> scenario.sagaOwners().size() == 2);
					scenario.letLoadRun(30);

					load.phase("one saga node down");
					AppProcess restarted = scenario.system().killAndRestartCommand(0);
					load.phase("after its restart");
					scenario.awaitProcessingResumed(restarted,
							FaultScenario.CLAIM_TIMEOUT.plus(FaultScenario.RESUMED_WITHIN));
					await().alias("the restarted node holds saga segments again")
						.atMost(FaultScenario.CLAIM_TIMEOUT.plus(FaultScenario.RESUMED_WITHIN))
						.until(() -> scenario.sagaOwners()
							.stream()
							.anyMatch((owner) -> owner.startsWith(restarted.pid() + "@")));
					scenario.letLoadRun(30);
					scenario.endFaults();

					scenario.verifyOutcome();
					assertThat(scenario.rejectionsByReason())
						.as("no order may time out merely because a saga node crashed")
						.doesNotContainKey("TIMEOUT");
					scenario.assertValidOrderApprovedPromptly();
				});
	}

	@Test
	@Order(7)
	void liveUpdateStreamShowsAChangeMadeWhileItsNodeWasNotListening() {
		scenario("terminate-listen-updates", 1, 1, (scenario) -> {
			scenario.row().faults = "pg_terminate_backend: LISTEN order_views";
			Shop shop = scenario.shop();
			String watched = scenario.prefix() + "-watched";
			assertThat(scenario
				.place(watched, scenario.prefix() + "-probe-c", line(scenario.prefix() + "-probe-p", 1, "1.00"))
				.status()).isEqualTo(202);
			shop.awaitOrder(watched, "APPROVED");
			List<JsonNode> received = new ArrayList<>();
			CompletableFuture<Void> stream = shop.followUpdates(watched, received);
			await().atMost(Duration.ofSeconds(15)).until(() -> {
				synchronized (received) {
					return !received.isEmpty();
				}
			});

			// the node still hears of new events and projects the cancellation at
			// once, but announces it on a channel it is not listening to for a moment
			AppProcess queries = scenario.system().query(0);
			assertThat(scenario.terminateListeningBackends(queries, "LISTEN order_views")).isOne();
			assertThat(shop.cancel(watched).status()).isEqualTo(202);

			await().alias("the live-update stream of " + watched + " shows its cancellation")
				.atMost(Duration.ofSeconds(30))
				.until(() -> {
					synchronized (received) {
						return received.stream().anyMatch((view) -> "CANCELLED".equals(view.path("status").asText()));
					}
				});
			stream.cancel(true);
			scenario.endFaults();
			scenario.verifyOutcome();
		});
	}

	@Test
	@Order(8)
	void ordersNamingAnotherKindOfAggregateEndRejectedAndAnOrderTheSagaFailsOnIsParkedAlone() {
		scenario("poison-saga", 1, 1, (scenario) -> {
			scenario.row().faults = "wrong-type ids in orders and a cancel; a stored order the saga fails on";
			String p = scenario.prefix();
			Shop shop = scenario.shop();
			shop.createCustomer(p + "-c", "1000.00");
			shop.createProduct(p + "-p", "5.00", 1000);
			assertThat(scenario.place(p + "-first", p + "-c", line(p + "-p", 1, "5.00")).status()).isEqualTo(202);
			shop.awaitOrder(p + "-first", "APPROVED");

			Map<String, Http.Response> poisoned = new LinkedHashMap<>();
			poisoned.put(p + "-product-as-customer",
					scenario.place(p + "-product-as-customer", p + "-p", line(p + "-p", 1, "5.00")));
			assertValidOrderApprovedPromptlyAfter(scenario, "an order naming a product as its customer");
			poisoned.put(p + "-order-as-customer",
					scenario.place(p + "-order-as-customer", p + "-first", line(p + "-p", 1, "5.00")));
			assertValidOrderApprovedPromptlyAfter(scenario, "an order naming an order as its customer");
			poisoned.put(p + "-customer-as-product",
					scenario.place(p + "-customer-as-product", p + "-c", line(p + "-c", 1, "5.00")));
			assertValidOrderApprovedPromptlyAfter(scenario, "an order naming a customer as its product");

			poisoned.forEach((orderId, answer) -> {
				if (answer.status() == 202) {
					JsonNode order = shop.awaitView("/api/orders/" + orderId,
							(view) -> "REJECTED".equals(view.path("status").asText()));
					assertThat(order.path("rejectionReason").asText()).as(orderId)
						.isIn("UNKNOWN_CUSTOMER", "UNKNOWN_PRODUCT");
				}
				else {
					assertThat(answer.status()).as("%s refused at the edge: %s", orderId, answer.body())
						.isBetween(400, 499);
				}
			});
			for (String kind : List.of("customer", "product")) {
				String id = p + "-" + kind.charAt(0);
				Http.Response cancel = Http.post(scenario.system().command(0).url("/api/orders/" + id + "/cancel"));
				assertThat(cancel.status()).as("cancelling a %s's id as an order: %s", kind, cancel.body())
					.isEqualTo(404);
			}

			// an order placed by an older release without a total: the customer refuses
			// every reservation of it, so the saga parks it and rejects it; the orders
			// view cannot hold it either
			String unhandled = p + "-no-total";
			scenario.storeFirstEvent("Order", unhandled, ORDER_PLACED,
					"{\"orderId\":\"" + unhandled + "\",\"customerId\":\"" + p + "-c\",\"lines\":[{\"productId\":\"" + p
							+ "-p\",\"quantity\":1,\"unitPrice\":5.00}],\"total\":null}");
			assertValidOrderApprovedPromptlyAfter(scenario, "an order the saga fails on every time");
			scenario.awaitParkedExactly(Set.of("order-saga/" + unhandled, "orders/" + unhandled));
			assertThat(Http.get(scenario.system().command(0).url("/actuator/health")).body().path("status").asText())
				.as("the command side's health with an order parked")
				.isEqualTo("DEGRADED");

			scenario.endFaults();
			Set<String> notInViews = new HashSet<>(poisoned.keySet());
			notInViews.add(unhandled);
			scenario.verifyOutcome(notInViews);
			assertThat(EventStoreAudit.read(scenario.cluster(), scenario.database()).orders().get(unhandled))
				.as("the order the saga parked, in the event store")
				.satisfies((order) -> assertThat(order.status() + " " + order.reason())
					.isEqualTo("REJECTED PROCESSING_FAILED"));
		});
	}

	@Test
	@Order(9)
	void poisonInEachProjectionIsParkedAloneAndARetryAfterTheFixBringsTheViewsInLine() {
		scenario("poison-views", 1, 1, (scenario) -> {
			scenario.row().faults = "NUL in names, huge total; a stored poison per projection, fixed, retried";
			String p = scenario.prefix();
			Shop shop = scenario.shop();
			AppProcess commands = scenario.system().command(0);

			Http.Response customer = Http.post(commands.url("/api/customers"),
					"{\"customerId\":\"" + p + "-nul-c\",\"name\":\"Nul\\u0000Name\",\"creditLimit\":10.00}");
			assertThat(customer.status()).as("a customer's name with NUL: %s", customer.body()).isEqualTo(400);
			Http.Response product = Http.post(commands.url("/api/products"),
					"{\"productId\":\"" + p + "-nul-p\",\"name\":\"Nul\\u0000Name\",\"price\":1.00,\"stock\":1}");
			assertThat(product.status()).as("a product's name with NUL: %s", product.body()).isEqualTo(400);
			shop.createCustomer(p + "-rich", "1000000000000.00");
			shop.createProduct(p + "-dear", "1000000000000.00", 1_000_000);
			Http.Response huge = scenario.place(p + "-huge", p + "-rich",
					line(p + "-dear", 1_000_000, "1000000000000.00"));
			assertThat(huge.status()).as("an order totalling %s: %s", "1E18", huge.body()).isEqualTo(400);
			assertValidOrderApprovedPromptlyAfter(scenario, "requests with values no view can hold");

			// what no request can store any more but an older release could have, one for
			// each projection: names longer than the views' columns, a total beyond
			// theirs
			// (for a customer that does not exist, so the saga rejects the order)
			String longCustomer = p + "-long-c";
			String longProduct = p + "-long-p";
			String hugeOrder = p + "-huge-o";
			scenario.storeFirstEvent("Customer", longCustomer, CUSTOMER_CREATED, "{\"customerId\":\"" + longCustomer
					+ "\",\"name\":\"" + "x".repeat(300) + "\",\"creditLimit\":10.00}");
			scenario.storeFirstEvent("Product", longProduct, PRODUCT_CREATED, "{\"productId\":\"" + longProduct
					+ "\",\"name\":\"" + "y".repeat(300) + "\",\"price\":1.00,\"stock\":5}");
			scenario.storeFirstEvent("Order", hugeOrder, ORDER_PLACED,
					"{\"orderId\":\"" + hugeOrder + "\",\"customerId\":\"" + p
							+ "-nobody\",\"lines\":[{\"productId\":\"" + p
							+ "-dear\",\"quantity\":1,\"unitPrice\":1000000000000000000.00}],"
							+ "\"total\":1000000000000000000.00}");
			shop.createCustomer(p + "-later-c", "10.00");
			shop.awaitView("/api/customers/" + p + "-later-c", (view) -> true);
			shop.createProduct(p + "-later-p", "1.00", 1);
			shop.awaitView("/api/products/" + p + "-later-p", (view) -> true);
			assertValidOrderApprovedPromptlyAfter(scenario, "an event no view can hold");
			scenario.awaitParkedExactly(
					Set.of("customers/" + longCustomer, "products/" + longProduct, "orders/" + hugeOrder));
			AppProcess queries = scenario.system().query(0);
			assertThat(Http.get(queries.url("/actuator/health")).body().path("status").asText())
				.as("the query side's health with events parked")
				.isEqualTo("DEGRADED");

			// the operator's fix: a migration that widens the columns, deployed with a
			// restart; then one retry of everything parked
			for (String widening : List.of("customer_view ALTER COLUMN name TYPE varchar(400)",
					"product_view ALTER COLUMN name TYPE varchar(400)",
					"order_view ALTER COLUMN total TYPE numeric(30, 2)")) {
				scenario.cluster().execute(scenario.database(), "ALTER TABLE read_model." + widening);
			}
			queries = scenario.system().redeployQuery(0);
			Http.Response retried = Http.post(queries.url("/api/admin/dead-letters/retry"));
			assertThat(retried.status()).as("retry of everything parked: %s", retried.body()).isEqualTo(200);
			assertThat(retried.body().path("succeeded").asInt())
				.as("sequences retried successfully: %s", retried.body())
				.isEqualTo(3);
			assertThat(retried.body().path("remaining").asInt()).as("letters still parked: %s", retried.body())
				.isZero();
			scenario.awaitParkedExactly(Set.of());
			assertThat(Http.get(queries.url("/actuator/health")).body().path("status").asText())
				.as("the query side's health once nothing is parked")
				.isEqualTo("UP");

			scenario.endFaults();
			// the views now equal the events everywhere, the retried poison included
			scenario.verifyOutcome();
			assertThat(shop.awaitView("/api/orders/" + hugeOrder, (view) -> true).path("rejectionReason").asText())
				.as("the retried order, rejected by the saga while its view was parked")
				.isEqualTo("UNKNOWN_CUSTOMER");
		});
	}

	/**
	 * While PostgreSQL is away: every node reports itself not ready, so that a load
	 * balancer stops sending it requests, and a write and a read sent anyway are answered
	 * 503 problems with {@code Retry-After}; the write stores nothing.
	 */
	private static void assertAnsweredAsAnOutage(FaultScenario scenario) {
		for (AppProcess node : scenario.system().allNodes()) {
			await().alias(node.url("") + " not ready while PostgreSQL is down")
				.atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> Http.get(node.url("/actuator/health/readiness")).status() == 503);
		}
		String refused = scenario.prefix() + "-while-down";
		Map<String, Http.Response> answers = new LinkedHashMap<>();
		answers.put("POST /api/orders",
				scenario.place(refused, scenario.prefix() + "-c0", line(scenario.prefix() + "-p0", 1, "2.50")));
		answers.put("GET /api/orders/{id}",
				Http.get(scenario.system().query(0).url("/api/orders/" + scenario.acceptedOrders().get(0))));
		answers.put("GET /api/customers", Http.get(scenario.system().query(0).url("/api/customers")));
		answers.forEach((request, answer) -> {
			assertThat(answer.status()).as("%s while PostgreSQL is down: %s", request, answer.body()).isEqualTo(503);
			assertThat(answer.contentType()).as(request).startsWith("application/problem+json");
			assertThat(answer.header("Retry-After")).as("Retry-After of %s", request).isNotBlank();
		});
		scenario.expectNotStored(refused);
	}

	private static void assertValidOrderApprovedPromptlyAfter(FaultScenario scenario, String poison) {
		try {
			scenario.assertValidOrderApprovedPromptly();
		}
		catch (AssertionError ex) {
			throw new AssertionError("after " + poison + ": " + ex.getMessage(), ex);
		}
	}

	private static int nodeWithPid(FaultScenario scenario, String owner) {
		List<AppProcess> nodes = scenario.system().commandNodes();
		for (int node = 0; node < nodes.size(); node++) {
			if (owner.startsWith(nodes.get(node).pid() + "@")) {
				return node;
			}
		}
		throw new AssertionError("the saga's segment is held by '" + owner + "', none of the command nodes");
	}

	private static Map<String, List<String>> projectedViews(FaultScenario scenario) {
		return Map.of("orders", stable(scenario.allViews("/api/orders", "orderId"), "updatedAt", "placedAt"),
				"customers", stable(scenario.allViews("/api/customers", "customerId")), "products",
				stable(scenario.allViews("/api/products", "productId")));
	}

	/** The views as text, sorted, without the fields a replay may legitimately change. */
	private static List<String> stable(Map<String, JsonNode> views, String... volatileFields) {
		return views.values().stream().map((view) -> {
			com.fasterxml.jackson.databind.node.ObjectNode copy = view.deepCopy();
			copy.remove(List.of(volatileFields));
			return copy.toString();
		}).sorted().toList();
	}

	private static void replay(FaultScenario scenario, String projection) {
		// refused with 409 while the killed node's claim has not expired yet
		await().alias("replay of " + projection + " accepted")
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> Http.post(scenario.system().query(0).url("/api/admin/projections/" + projection + "/replay"))
				.status() == 202);
	}

	private static void scenario(String name, int commandNodes, int queryNodes, Consumer<FaultScenario> body) {
		scenario(name, commandNodes, queryNodes, Map.of(), body);
	}

	private static void scenario(String name, int commandNodes, int queryNodes, Map<String, String> settings,
			Consumer<FaultScenario> body) {
		FaultScenario started = null;
		try (FaultScenario scenario = FaultScenario.start(cluster, report, name, commandNodes, queryNodes, settings)) {
			started = scenario;
			body.accept(scenario);
			scenario.row().outcome = "passed";
		}
		catch (RuntimeException | AssertionError ex) {
			if (started != null) {
				String message = String.valueOf(ex.getMessage());
				started.row().outcome = "FAILED: " + message.lines().findFirst().orElse("");
				started.diagnose().forEach(started.row()::note);
			}
			throw ex;
		}
	}

}
