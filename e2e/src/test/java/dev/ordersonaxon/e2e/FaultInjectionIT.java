package dev.ordersonaxon.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

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
			scenario.row().faults = "pg_ctl restart -m immediate";
			OrderLoad load = scenario.startLoad(CLIENTS);
			scenario.letLoadRun(60);
			load.phase("postgres restarting");
			scenario.cluster().restartImmediately();
			load.phase("after postgres restart");
			scenario.awaitProcessingResumed(scenario.system().command(0));
			scenario.letLoadRun(30);
			scenario.endFaults();

			scenario.verifyOutcome();
			scenario.assertValidOrderApprovedPromptly();
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
			scenario.awaitProcessingResumed(survivor);
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
		FaultScenario started = null;
		try (FaultScenario scenario = FaultScenario.start(cluster, report, name, commandNodes, queryNodes)) {
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
