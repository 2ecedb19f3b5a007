package dev.ordersonaxon.e2e;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.core.ConditionTimeoutException;

import static dev.ordersonaxon.e2e.Shop.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One fault scenario: a fresh database on the suite's PostgreSQL, the applications as
 * processes on it, a catalog and a load of orders, and the checks that every scenario
 * ends with — every accepted order final, nothing lost, the invariants held on the events
 * and in the views, the views equal to the events, and a valid order approved promptly.
 */
final class FaultScenario implements AutoCloseable {

	/**
	 * Twice the production default: longer than a restart takes even on a busy machine,
	 * so that an order rejected with {@code TIMEOUT} means processing got stuck, not that
	 * a node took long to come back.
	 */
	static final Duration SAGA_TIMEOUT = Duration.ofSeconds(60);

	/** The bound: every accepted order is final within the timeout plus 30 s. */
	static final Duration FINAL_WITHIN = SAGA_TIMEOUT.plusSeconds(30);

	/**
	 * A valid order placed once the faults are over is approved within this: far below
	 * the saga's timeout, so an order that waits behind a poison (or a stuck processor)
	 * fails the scenario, and far above what it takes on a quiet machine (well under a
	 * second: the report's "probe" column), so a busy machine does not. A guard against
	 * being held up, not a timing; the time it took is reported.
	 */
	static final Duration APPROVED_WITHIN = Duration.ofSeconds(15);

	/**
	 * The bound: processing resumes within 15 s of each restart, measured from
	 * the moment the restarted node is ready or PostgreSQL accepts connections again.
	 */
	static final Duration RESUMED_WITHIN = Duration.ofSeconds(15);

	/**
	 * How long a killed node's claim on a segment holds (Axon's default): when a node is
	 * killed for good, another takes its work over only after that.
	 */
	static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);

	private static final Set<String> FINAL = Set.of("APPROVED", "REJECTED", "CANCELLED");

	private final PostgresCluster cluster;

	private final String database;

	private final String prefix;

	private final OrdersSystem system;

	private final FaultReport.Row row;

	private final String probeCustomer;

	private final String probeProduct;

	private OrderLoad load;

	private final List<String> acceptedByTest = new ArrayList<>();

	/** Orders whose placement was refused, which the event store must not have. */
	private final Set<String> refusedByTest = new LinkedHashSet<>();

	/**
	 * Why the first letter of each parked sequence was parked, for the failure message.
	 */
	private final Set<String> parkingCauses = new LinkedHashSet<>();

	private int placedByTest;

	private long faultsEnded;

	private int probes;

	private Set<String> notFinalInViews = Set.of();

	private FaultScenario(PostgresCluster cluster, String database, String prefix, OrdersSystem system,
			FaultReport.Row row) {
		this.cluster = cluster;
		this.database = database;
		this.prefix = prefix;
		this.system = system;
		this.row = row;
		this.probeCustomer = prefix + "-probe-c";
		this.probeProduct = prefix + "-probe-p";
	}

	static FaultScenario start(PostgresCluster cluster, FaultReport report, String name, int commandNodes,
			int queryNodes) {
		return start(cluster, report, name, commandNodes, queryNodes, Map.of());
	}

	/** The same, every node also given {@code settings} (environment variables). */
	static FaultScenario start(PostgresCluster cluster, FaultReport report, String name, int commandNodes,
			int queryNodes, Map<String, String> settings) {
		FaultReport.Row row = report.row(name);
		String database = "faults_" + name.replace('-', '_');
		cluster.createDatabase(database);
		Map<String, String> environment = new HashMap<>(settings);
		environment.put("DATABASE_URL", cluster.jdbcUrl(database));
		environment.put("DATABASE_USER", cluster.user());
		environment.put("DATABASE_PASSWORD", "");
		environment.put("ORDERS_SAGA_TIMEOUT", SAGA_TIMEOUT.toSeconds() + "s");
		OrdersSystem system = OrdersSystem.start("faults-" + name, commandNodes, queryNodes, environment);
		FaultScenario scenario = new FaultScenario(cluster, database, name, system, row);
		scenario.shop().createCustomer(scenario.probeCustomer, "1000000.00");
		scenario.shop().createProduct(scenario.probeProduct, "1.00", 1_000_000);
		return scenario;
	}

	OrdersSystem system() {
		return this.system;
	}

	FaultReport.Row row() {
		return this.row;
	}

	String prefix() {
		return this.prefix;
	}

	PostgresCluster cluster() {
		return this.cluster;
	}

	String database() {
		return this.database;
	}

	/** A client of the first command node and the first query node. */
	Shop shop() {
		return new Shop(this.system.command(0), this.system.query(0));
	}

	/**
	 * Creates customers and products with enough credit and stock for most orders, a
	 * customer with little credit and a product with little stock for some refusals, and
	 * starts the clients: each offers an order a second.
	 */
	OrderLoad startLoad(int clients) {
		Shop shop = shop();
		List<String> customers = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			customers.add(this.prefix + "-c" + i);
			shop.createCustomer(this.prefix + "-c" + i, "100000.00");
		}
		customers.add(this.prefix + "-c-poor");
		shop.createCustomer(this.prefix + "-c-poor", "40.00");
		List<OrderLoad.Product> products = new ArrayList<>();
		String[] prices = { "2.50", "4.00", "7.25", "10.00", "1.99" };
		for (int i = 0; i < prices.length; i++) {
			products.add(new OrderLoad.Product(this.prefix + "-p" + i, prices[i]));
			shop.createProduct(this.prefix + "-p" + i, prices[i], 100_000);
		}
		products.add(new OrderLoad.Product(this.prefix + "-p-scarce", "3.00"));
		shop.createProduct(this.prefix + "-p-scarce", "3.00", 150);
		List<String> commandUrls = this.system.commandNodes().stream().map((node) -> node.url("")).toList();
		this.load = new OrderLoad(this.prefix + "-o", customers, products, commandUrls, this.system.query(0).url(""),
				Duration.ofSeconds(1))
			.start(clients);
		awaitMoreAccepted(40);
		return this.load;
	}

	/**
	 * Lets the load run until it had between {@code least} and twice as many more orders
	 * accepted: a random moment under load for the next fault.
	 */
	void letLoadRun(int least) {
		awaitMoreAccepted(least + ThreadLocalRandom.current().nextInt(least + 1));
	}

	private void awaitMoreAccepted(int orders) {
		int target = this.load.acceptedCount() + orders;
		// 8 clients offer about 8 orders a second: a minute is ample, unless nothing is
		// accepted any more
		await().alias(orders + " more orders accepted under load")
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.load.acceptedCount() >= target);
	}

	/**
	 * Places a valid order on the given command node until it is accepted (right after a
	 * fault the first attempts may be refused) and waits until the query side shows it
	 * approved; records how long that took as the time processing took to resume.
	 */
	Duration awaitProcessingResumed(AppProcess commandNode) {
		return awaitProcessingResumed(commandNode, RESUMED_WITHIN);
	}

	/** The same, with another bound. */
	Duration awaitProcessingResumed(AppProcess commandNode, Duration within) {
		String orderId = this.prefix + "-resumed-" + ++this.probes;
		long started = System.nanoTime();
		String[] lastAnswer = { "none" };
		try {
			await().atMost(within).pollInterval(Duration.ofMillis(50)).until(() -> {
				if (!lastAnswer[0].equals("202") && !lastAnswer[0].equals("409")) {
					lastAnswer[0] = tryToPlace(commandNode, orderId);
					return false;
				}
				return "APPROVED".equals(statusOf(orderId));
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(orderId + " not accepted and approved within " + within.toSeconds()
					+ " s of the fault; the last answer to placing it: " + lastAnswer[0] + "; its status now: "
					+ statusOf(orderId), ex);
		}
		Duration resumed = Duration.ofNanos(System.nanoTime() - started);
		this.row.resumedAfterFault.add(resumed);
		return resumed;
	}

	private String tryToPlace(AppProcess commandNode, String orderId) {
		try {
			Http.Response response = Shop.place(commandNode, orderId, this.probeCustomer,
					line(this.probeProduct, 1, "1.00"));
			return (response.status() == 202 || response.status() == 409) ? Integer.toString(response.status())
					: response.status() + " " + response.body();
		}
		catch (RuntimeException ex) {
			return ex.getClass().getSimpleName();
		}
	}

	/**
	 * Places an order on the first command node outside the load; an accepted one is
	 * checked like the load's.
	 */
	Http.Response place(String orderId, String customerId, Shop.Line... lines) {
		Http.Response response = Shop.place(this.system.command(0), orderId, customerId, lines);
		this.placedByTest++;
		if (response.status() == 202) {
			this.acceptedByTest.add(orderId);
		}
		return response;
	}

	/** An order whose placement was refused: verified not to be in the event store. */
	void expectNotStored(String orderId) {
		this.refusedByTest.add(orderId);
	}

	/** The faults are over: the load stops, and what it saw goes into the report. */
	void endFaults() {
		if (this.load != null) {
			this.load.close();
			this.row.answers = this.load.answers();
			this.load.unexpectedAnswers().forEach((answer, example) -> this.row.note(answer + ", e.g. " + example));
		}
		this.faultsEnded = System.nanoTime();
		this.row.placed = this.placedByTest + ((this.load != null) ? this.load.placedCount() : 0);
		this.row.accepted = acceptedOrders().size();
	}

	/** The orders the command side answered with 202, the load's and the test's own. */
	List<String> acceptedOrders() {
		List<String> accepted = new ArrayList<>(this.acceptedByTest);
		if (this.load != null) {
			accepted.addAll(this.load.acceptedOrders());
		}
		return accepted;
	}

	/**
	 * Writes an aggregate's first event straight into the event store, as an older
	 * release (or a bug) could have stored it: what no request can produce any more. The
	 * payload type is the event's class name, as the serializer writes it.
	 */
	void storeFirstEvent(String aggregateType, String aggregateId, String payloadType, String payload) {
		this.cluster.execute(this.database,
				"INSERT INTO event_store.domain_event_entry (event_identifier,"
						+ " aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload, meta_data)"
						+ " VALUES (gen_random_uuid()::text, '" + aggregateId + "', 0, '" + aggregateType + "',"
						+ " to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), '" + payloadType
						+ "', convert_to('" + payload.replace("'", "''") + "', 'UTF8'), convert_to('{}', 'UTF8'))");
	}

	/**
	 * Waits until what the running nodes have parked is exactly the given sequences
	 * (group/id): every poison parked, and nothing else.
	 */
	void awaitParkedExactly(Set<String> sequences) {
		await().alias("parked sequences exactly " + sequences)
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(
					() -> assertThat(parkedSequences()).as("parked sequences; why they were: %s", this.parkingCauses)
						.containsExactlyInAnyOrderElementsOf(sequences));
	}

	/**
	 * Every check a scenario ends with. The report's figures are filled in before the
	 * assertions, so that the table shows what happened even when one fails.
	 */
	void verifyOutcome() {
		verifyOutcome(Set.of());
	}

	/**
	 * The same checks, with the views compared to the events for everything but the given
	 * ids: what a view may be unable to hold (a refused poison may leave it out).
	 */
	void verifyOutcome(Set<String> notComparedInViews) {
		awaitAcceptedOrdersFinal(notComparedInViews);
		shop().awaitProjectionsCaughtUp();
		EventStoreAudit audit = awaitAuditWithoutPendingOrders();
		List<String> accepted = acceptedOrders();
		List<String> lost = accepted.stream().filter((id) -> !audit.orders().containsKey(id)).toList();
		record(audit, accepted, lost);

		List<String> parked = parkedSequences();
		this.row.parked = parked.size();

		assertThat(lost).as("orders answered 202 that the event store does not have").isEmpty();
		assertThat(this.refusedByTest).as("orders refused that the event store has all the same")
			.noneMatch(audit.orders()::containsKey);
		Set<String> parkedOrders = parked.stream()
			.map((sequence) -> sequence.substring(sequence.indexOf('/') + 1))
			.filter(notComparedInViews::contains)
			.collect(Collectors.toSet());
		assertThat(audit.invariantViolations(parkedOrders)).as("the design's invariants, on the events").isEmpty();
		assertThat(parked)
			.as("parked sequences (group/id); only poisoned ones may be; why they were: %s", this.parkingCauses)
			.allSatisfy((sequence) -> assertThat(notComparedInViews)
				.contains(sequence.substring(sequence.indexOf('/') + 1)));
		assertViewsEqualTheEvents(audit, notComparedInViews);
	}

	/**
	 * What every running node has parked, as group/sequence: faults are retried, never
	 * parked; only a poison may be.
	 */
	private List<String> parkedSequences() {
		List<String> parked = new ArrayList<>();
		List<AppProcess> nodes = new ArrayList<>(this.system.commandNodes());
		nodes.addAll(this.system.queryNodes());
		for (AppProcess node : nodes.stream().filter(AppProcess::isAlive).toList()) {
			Http.Response page = Http.get(node.url("/api/admin/dead-letters?size=100"));
			assertThat(page.status()).as("GET %s: %s", node.url("/api/admin/dead-letters"), page.body()).isEqualTo(200);
			page.body().path("content").forEach((letter) -> {
				parked.add(letter.path("group").asText() + "/" + letter.path("sequenceIdentifier").asText());
				if (letter.hasNonNull("cause")) {
					this.parkingCauses
						.add(letter.path("group").asText() + "/" + letter.path("sequenceIdentifier").asText() + " "
								+ letter.path("eventType").asText() + " after " + letter.path("attempts").asInt()
								+ " attempts: " + letter.path("cause").path("type").asText() + ": "
								+ letter.path("cause").path("message").asText());
				}
			});
		}
		return parked.stream().distinct().toList();
	}

	/**
	 * A valid order placed now on a running command node is approved within
	 * {@link #APPROVED_WITHIN}.
	 */
	void assertValidOrderApprovedPromptly() {
		String orderId = this.prefix + "-after-" + ++this.probes;
		long started = System.nanoTime();
		AppProcess commandNode = this.system.commandNodes()
			.stream()
			.filter(AppProcess::isAlive)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no command node is running"));
		// refused for overload while processing is behind, and placed again as asked: the
		// time counts from the first try
		Http.Response placed = Shop.placeHonouringRetryAfter(commandNode, orderId, this.probeCustomer,
				line(this.probeProduct, 1, "1.00"));
		assertThat(placed.status()).as("placing %s: %s", orderId, placed.body()).isEqualTo(202);
		Duration left = APPROVED_WITHIN.minusNanos(System.nanoTime() - started);
		assertThat(left).as("time left of %s once %s was accepted", APPROVED_WITHIN, orderId).isPositive();
		await().alias(orderId + " approved within " + APPROVED_WITHIN.toMillis() + " ms of being placed")
			.atMost(left)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> "APPROVED".equals(statusOf(orderId)));
		this.row.probeAfterFaults = Duration.ofNanos(System.nanoTime() - started);
	}

	/** Rejections by reason among the load's accepted orders, from the events. */
	Map<String, Integer> rejectionsByReason() {
		return this.row.rejected;
	}

	String statusOf(String orderId) {
		Http.Response response = Http.get(this.system.query(0).url("/api/orders/" + orderId));
		return (response.status() == 200) ? response.body().path("status").asText() : "HTTP " + response.status();
	}

	private void awaitAcceptedOrdersFinal(Set<String> notInViews) {
		Set<String> open = new HashSet<>(acceptedOrders());
		open.removeAll(notInViews);
		Map<String, String> lastSeen = new HashMap<>();
		this.notFinalInViews = open;
		await().alias("every accepted order final")
			.atMost(FINAL_WITHIN)
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> {
				open.removeIf((orderId) -> {
					String status = statusOf(orderId);
					lastSeen.put(orderId, status);
					return FINAL.contains(status);
				});
				assertThat(open)
					.as(() -> open.size() + " accepted orders not final, e.g. "
							+ open.stream().limit(10).map((id) -> id + "=" + lastSeen.get(id)).toList())
					.isEmpty();
			});
		this.row.allFinalAfterFaults = Duration.ofNanos(System.nanoTime() - this.faultsEnded);
	}

	private EventStoreAudit awaitAuditWithoutPendingOrders() {
		EventStoreAudit[] audit = new EventStoreAudit[1];
		await().alias("every order in the event store final")
			.atMost(FINAL_WITHIN)
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> {
				audit[0] = EventStoreAudit.read(this.cluster, this.database);
				List<String> pending = audit[0].orders()
					.values()
					.stream()
					.filter((order) -> !order.isFinal())
					.map(EventStoreAudit.OrderFacts::orderId)
					.toList();
				assertThat(pending).as("orders still pending in the event store").isEmpty();
			});
		return audit[0];
	}

	private void record(EventStoreAudit audit, List<String> accepted, List<String> lost) {
		this.row.lost = lost.size();
		this.row.approved = 0;
		this.row.pending = 0;
		this.row.rejected.clear();
		for (String orderId : accepted) {
			EventStoreAudit.OrderFacts order = audit.orders().get(orderId);
			if (order == null) {
				continue;
			}
			switch (order.status()) {
				case "APPROVED" -> this.row.approved++;
				case "REJECTED" -> this.row.rejected.merge(order.reason(), 1, Integer::sum);
				case "PENDING" -> this.row.pending++;
				default -> this.row.rejected.merge(order.status(), 1, Integer::sum);
			}
		}
		this.row.maxPlaceToFinal = audit.orders()
			.values()
			.stream()
			.map(EventStoreAudit.OrderFacts::timeToFinal)
			.filter((duration) -> duration != null)
			.max(Duration::compareTo)
			.orElse(null);
	}

	/**
	 * The query side shows what the events say: every order's status and reason, every
	 * customer's reserved credit, every product's reserved and available stock.
	 */
	void assertViewsEqualTheEvents(EventStoreAudit audit, Set<String> notCompared) {
		Map<String, String> fromEvents = new TreeMap<>();
		audit.orders()
			.values()
			.forEach((order) -> fromEvents.put(order.orderId(), order.status() + " " + order.reason()));
		Map<String, String> fromViews = new TreeMap<>();
		allViews("/api/orders", "orderId").forEach((id, view) -> fromViews.put(id, view.path("status").asText() + " "
				+ (view.path("rejectionReason").isNull() ? "null" : view.path("rejectionReason").asText())));
		assertThat(without(fromViews, notCompared)).as("orders in the views against the event store")
			.isEqualTo(without(fromEvents, notCompared));

		Map<String, BigDecimal> creditInViews = new TreeMap<>();
		allViews("/api/customers", "customerId")
			.forEach((id, view) -> creditInViews.put(id, view.path("creditReserved").decimalValue().setScale(2)));
		Map<String, BigDecimal> creditInEvents = audit.customers()
			.stream()
			.collect(Collectors.toMap((id) -> id, (id) -> audit.creditHeld(id).setScale(2), (a, b) -> a, TreeMap::new));
		assertThat(without(creditInViews, notCompared)).as("reserved credit in the views against the event store")
			.isEqualTo(without(creditInEvents, notCompared));

		Map<String, String> stockInViews = new TreeMap<>();
		allViews("/api/products", "productId").forEach((id, view) -> stockInViews.put(id,
				"reserved " + view.path("stockReserved").asInt() + ", available + reserved "
						+ (view.path("stockAvailable").asInt() + view.path("stockReserved").asInt())));
		Map<String, String> stockInEvents = audit.products()
			.stream()
			.collect(Collectors.toMap((id) -> id,
					(id) -> "reserved " + audit.stockHeld(id) + ", available + reserved " + audit.stockReceived(id),
					(a, b) -> a, TreeMap::new));
		assertThat(without(stockInViews, notCompared)).as("stock in the views against the event store")
			.isEqualTo(without(stockInEvents, notCompared));
	}

	private static <V> Map<String, V> without(Map<String, V> views, Set<String> ids) {
		Map<String, V> rest = new TreeMap<>(views);
		rest.keySet().removeAll(ids);
		return rest;
	}

	/** Every view of a collection, through its paged query, by id. */
	Map<String, JsonNode> allViews(String path, String idField) {
		Map<String, JsonNode> views = new LinkedHashMap<>();
		int pages = 1;
		for (int page = 0; page < pages; page++) {
			Http.Response response = Http.get(this.system.query(0).url(path + "?size=100&page=" + page));
			assertThat(response.status()).as("GET %s page %d: %s", path, page, response.body()).isEqualTo(200);
			pages = response.body().path("totalPages").asInt();
			response.body().path("content").forEach((view) -> views.put(view.path(idField).asText(), view));
		}
		return views;
	}

	/** The owners recorded on the saga's tokens, one per node holding segments. */
	Set<String> sagaOwners() {
		return this.cluster
			.query(this.database,
					"SELECT DISTINCT owner FROM event_store.token_entry"
							+ " WHERE processor_name = 'order-saga' AND owner IS NOT NULL")
			.stream()
			.map((columns) -> columns.get(0))
			.collect(Collectors.toSet());
	}

	/** The owner recorded on the saga's token, if a node holds it. */
	Optional<String> sagaOwner() {
		return this.cluster.query(this.database,
				"SELECT owner FROM event_store.token_entry WHERE processor_name = 'order-saga' AND owner IS NOT NULL")
			.stream()
			.map((columns) -> columns.get(0))
			.findFirst();
	}

	/** The backends of the given application that are listening for notifications. */
	List<String> listeningBackends(AppProcess app) {
		return this.cluster
			.query("postgres",
					"SELECT pid || ' ' || query FROM pg_stat_activity WHERE application_name = '" + app.name()
							+ "' AND query ILIKE 'LISTEN%'")
			.stream()
			.map((columns) -> columns.get(0))
			.toList();
	}

	/**
	 * Terminates the given application's backends listening on channels whose
	 * {@code LISTEN} statement matches the pattern; returns how many.
	 */
	int terminateListeningBackends(AppProcess app, String listenPattern) {
		return this.cluster
			.query("postgres",
					"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + app.name()
							+ "' AND query ILIKE '" + listenPattern + "'")
			.size();
	}

	/**
	 * Where processing stands, from the database: for the report when a scenario fails.
	 */
	List<String> diagnose() {
		List<String> facts = new ArrayList<>();
		try {
			facts.add("event store head: " + this.cluster
				.query(this.database, "SELECT coalesce(max(global_index), 0) FROM event_store.domain_event_entry")
				.get(0)
				.get(0));
			for (String schema : List.of("event_store", "read_model")) {
				this.cluster
					.query(this.database,
							"SELECT processor_name, segment, convert_from(token, 'UTF8'), owner, \"timestamp\" FROM "
									+ schema + ".token_entry ORDER BY processor_name")
					.forEach((token) -> facts.add("token " + token));
			}
			facts.add("sagas stored: "
					+ this.cluster.query(this.database, "SELECT count(*) FROM event_store.saga_entry").get(0).get(0));
			facts.add("deadlines (picked): " + this.cluster.query(this.database,
					"SELECT count(*) || ' (' || count(*) FILTER (WHERE picked) || ')' FROM event_store.scheduled_tasks")
				.get(0)
				.get(0));
			Map<String, Long> statuses = EventStoreAudit.read(this.cluster, this.database)
				.orders()
				.values()
				.stream()
				.collect(Collectors.groupingBy(
						(order) -> order.status() + ((order.reason() != null) ? " " + order.reason() : ""),
						TreeMap::new, Collectors.counting()));
			facts.add("orders in the event store: " + statuses);
			for (String schema : List.of("event_store", "read_model")) {
				this.cluster.query(this.database,
						"SELECT processing_group, sequence_identifier, payload_type, cause_type, cause_message FROM "
								+ schema + ".dead_letter_entry ORDER BY processing_group, sequence_index")
					.forEach((letter) -> facts.add("parked " + letter));
			}
			this.notFinalInViews.stream().sorted().limit(10).forEach((orderId) -> {
				facts.add("not final in the views: " + orderId + ", its events "
						+ this.cluster.query(this.database,
								"SELECT global_index, sequence_number, payload_type, time_stamp FROM"
										+ " event_store.domain_event_entry WHERE aggregate_identifier = '" + orderId
										+ "' ORDER BY sequence_number"));
				facts.add("  its view " + this.cluster.query(this.database,
						"SELECT * FROM read_model.order_view WHERE order_id = '" + orderId + "'"));
			});
		}
		catch (RuntimeException ex) {
			facts.add("could not read the database: " + ex);
		}
		return facts;
	}

	@Override
	public void close() {
		if (this.load != null) {
			this.load.close();
		}
		this.system.close();
	}

}
