package dev.ordersonaxon.benchmark.replay;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.benchmark.Arguments;
import dev.ordersonaxon.benchmark.BearerToken;
import dev.ordersonaxon.benchmark.Database;
import dev.ordersonaxon.benchmark.HttpJson;
import dev.ordersonaxon.benchmark.HttpJson.Response;
import dev.ordersonaxon.benchmark.report.ReplayResult;

/**
 * Seeds order histories through Axon's event store, then rebuilds every view from the
 * first event and times it against a raw paged read of the same table.
 */
public final class ReplayRun {

	static final List<String> PROJECTIONS = List.of("customers", "products", "orders");

	private static final int BATCH = 1_000;

	private final Arguments args;

	private final PrintStream out;

	private final ExecutorService executor = Executors.newFixedThreadPool(2);

	private final BearerToken token;

	private final HttpJson http;

	private ReplayRun(Arguments args, PrintStream out) {
		this.args = args;
		this.out = out;
		this.token = BearerToken.from(args);
		this.http = new HttpJson(this.executor, this.token);
	}

	public static ReplayResult run(Arguments args, PrintStream out, Path resultsDirectory) throws Exception {
		ReplayRun run = new ReplayRun(args, out);
		try {
			return run.execute(resultsDirectory);
		}
		finally {
			run.executor.shutdownNow();
		}
	}

	private ReplayResult execute(Path resultsDirectory) throws Exception {
		Database database = Database.from(this.args);
		long seedEvents = this.args.longValue("seed-events", 1_000_000);
		int customers = this.args.integer("customers", 1_000);
		int products = this.args.integer("products", 200);
		long seed = this.args.longValue("seed", 42);
		String sequence = this.args.string("global-index-sequence",
				SeedingEventStore.SCHEMA + ".domain_event_entry_global_index_seq");
		Duration timeout = this.args.duration("replay-timeout", Duration.ofMinutes(30));
		String jar = this.args.string("query-side-jar", null);
		int port = this.args.integer("query-port", 8082);
		String heap = this.args.string("query-side-heap", QuerySideProcess.DEFAULT_HEAP);
		String javaOptions = this.args.string("query-side-java-options", null);
		List<String> jvmOptions = (jar == null) ? List.of() : QuerySideProcess.jvmOptions(heap,
				(javaOptions != null) ? javaOptions : QuerySideProcess.defaultJavaOptions());
		String queryUrl = trim(
				this.args.string("query-url", (jar != null) ? "http://localhost:" + port : "http://localhost:8081"));
		boolean force = this.args.flag("force");
		boolean create = this.args.flag("create-database");
		boolean seedOnly = this.args.flag("seed-only");
		int rebuilds = this.args.integer("rebuilds", 1);
		this.args.requireAllUsed();
		if (rebuilds < 1) {
			throw new IllegalArgumentException("--rebuilds must be at least 1: " + rebuilds);
		}
		if (!seedOnly) {
			// the replay and the views it checks are the admin's and the viewer's
			BearerToken.require(this.token, "a replay");
		}

		ReplayDatabase replayDatabase = new ReplayDatabase(database);
		if (create) {
			replayDatabase.prepare();
		}
		if (!force && seedEvents > 0) {
			replayDatabase.requireNoCommandSide();
		}
		QuerySideProcess querySide = null;
		try {
			if (jar != null) {
				this.out.printf("starting the query side on port %d with %s against %s%n", port,
						String.join(" ", jvmOptions), database.url());
				querySide = QuerySideProcess.start(Path.of(jar), jvmOptions, database, port,
						resultsDirectory.resolve("query-side-replay.log"), this.http);
				this.out.printf("query side healthy after %.1f s%n", querySide.startSeconds());
			}
			HistoryGenerator generator = new HistoryGenerator("seed-" + Long.toString(System.currentTimeMillis(), 36),
					customers, products, seed);
			long seeded = 0;
			double seedRate = 0;
			if (seedEvents > 0) {
				long started = System.nanoTime();
				seeded = seed(database, sequence, generator, seedEvents);
				seedRate = seeded / ((System.nanoTime() - started) / 1e9);
				this.out.printf("seeded %d events (%d orders) at %.0f events/s%n", seeded, generator.orderCount(),
						seedRate);
			}
			long eventsInStore = replayDatabase.eventCount();
			Map<String, Double> caughtUp = Map.of();
			double rebuildSeconds = 0;
			List<Double> rebuildRates = new ArrayList<>();
			if (!seedOnly) {
				this.out.println("waiting for the projections to catch up before the replay...");
				awaitCaughtUp(queryUrl, timeout, false);
				eventsInStore = replayDatabase.eventCount();
				for (int rebuild = 1; rebuild <= rebuilds; rebuild++) {
					boolean autovacuum = replayDatabase.vacuumViews();
					this.out.printf("replaying %s over %d events (rebuild %d of %d, views vacuumed first%s)%n",
							PROJECTIONS, eventsInStore, rebuild, rebuilds, autovacuum ? "" : "; autovacuum is off");
					long started = System.nanoTime();
					for (String projection : PROJECTIONS) {
						this.http.post(queryUrl + "/api/admin/projections/" + projection + "/replay", null)
							.requireSuccess("starting the replay of " + projection);
					}
					Map<String, Double> projections = awaitCaughtUp(queryUrl, timeout, true);
					double seconds = (System.nanoTime() - started) / 1e9;
					if (rebuild == 1) {
						caughtUp = projections;
						rebuildSeconds = seconds;
					}
					rebuildRates.add(eventsInStore / seconds);
					this.out.printf("all views rebuilt in %.1f s: %.0f events/s%n", seconds, eventsInStore / seconds);
				}
			}
			double replayRate = rebuildRates.isEmpty() ? 0 : rebuildRates.get(0);

			this.out.println("raw paged read of the event table...");
			long readStarted = System.nanoTime();
			long rows = replayDatabase.readAll(BATCH);
			double rawRate = rows / ((System.nanoTime() - readStarted) / 1e9);

			List<String> mismatches = (seeded > 0 && !seedOnly) ? verify(queryUrl, generator) : List.of();
			return new ReplayResult(seeded, seedRate, eventsInStore, rebuildSeconds, replayRate, rebuildRates, caughtUp,
					rows, rawRate, replayRate / rawRate, mismatches, (querySide != null) ? querySide.startSeconds() : 0,
					(querySide != null) ? querySide.peakRssMb() : 0);
		}
		finally {
			if (querySide != null) {
				querySide.close();
			}
		}
	}

	private long seed(Database database, String sequence, HistoryGenerator generator, long target) throws SQLException {
		long seeded = 0;
		long nextReport = 100_000;
		try (SeedingEventStore store = new SeedingEventStore(database, sequence)) {
			while (seeded < target) {
				var events = generator.next((int) Math.min(BATCH, target - seeded));
				store.append(events);
				seeded += events.size();
				if (seeded >= nextReport) {
					this.out.printf("  seeded %d events%n", seeded);
					nextReport += 100_000;
				}
			}
		}
		return seeded;
	}

	/**
	 * Polls the projections until each has processed up to the head. With
	 * {@code afterReset}, a projection counts only once it has been seen behind the head,
	 * so the old token of a not yet reset processor is not taken for the end of the
	 * replay.
	 * @return per projection, seconds until it caught up
	 */
	private Map<String, Double> awaitCaughtUp(String queryUrl, Duration timeout, boolean afterReset) {
		long started = System.nanoTime();
		long giveUp = started + timeout.toNanos();
		CatchUp catchUp = new CatchUp(PROJECTIONS, afterReset, 3);
		long lastReport = started;
		while (!catchUp.done()) {
			long now = System.nanoTime();
			double elapsed = (now - started) / 1e9;
			JsonNode projections;
			try {
				projections = this.http.get(queryUrl + "/api/admin/projections")
					.requireSuccess("reading the projections")
					.json();
			}
			catch (RuntimeException ex) {
				if (now > giveUp) {
					throw ex;
				}
				this.out.println("  projections not readable yet: " + ex.getMessage());
				LockSupport.parkNanos(500_000_000L);
				continue;
			}
			StringBuilder status = new StringBuilder();
			for (JsonNode projection : projections) {
				String name = projection.path("name").asText();
				long position = projection.path("position").asLong(-1);
				long head = projection.path("head").asLong(0);
				catchUp.observe(name, position, head, projection.path("replaying").asBoolean(), elapsed);
				status.append(String.format(" %s=%d/%d", name, position, head));
			}
			if (now - lastReport > 1_000_000_000L) {
				this.out.printf("  t=%.0fs%s%n", elapsed, status);
				lastReport = now;
			}
			if (now > giveUp) {
				throw new IllegalStateException("projections not caught up after " + timeout + ":" + status);
			}
			// often enough to time a 25 s rebuild to within 1 %, seldom enough not to
			// load
			// the query side it measures: every poll reads each projection's tokens
			LockSupport.parkNanos(200_000_000L);
		}
		return catchUp.caughtUp();
	}

	private List<String> verify(String queryUrl, HistoryGenerator generator) {
		List<String> mismatches = new ArrayList<>();
		generator.expectedCustomers().forEach((id, expected) -> {
			Response response = this.http.get(queryUrl + "/api/customers/" + id);
			if (response.status() != 200) {
				mismatches.add("customer " + id + ": HTTP " + response.status());
				return;
			}
			JsonNode view = response.json();
			Money reserved = Money.of(view.path("creditReserved").decimalValue());
			Money limit = Money.of(view.path("creditLimit").decimalValue());
			if (!reserved.equals(expected.creditReserved()) || !limit.equals(expected.creditLimit())) {
				mismatches.add("customer " + id + ": limit " + limit + " reserved " + reserved + ", history says "
						+ expected.creditLimit() + " / " + expected.creditReserved());
			}
		});
		generator.expectedProducts().forEach((id, expected) -> {
			Response response = this.http.get(queryUrl + "/api/products/" + id);
			if (response.status() != 200) {
				mismatches.add("product " + id + ": HTTP " + response.status());
				return;
			}
			JsonNode view = response.json();
			long available = view.path("stockAvailable").asLong();
			long reserved = view.path("stockReserved").asLong();
			if (available != expected.stockAvailable() || reserved != expected.stockReserved()) {
				mismatches.add("product " + id + ": available " + available + " reserved " + reserved
						+ ", history says " + expected.stockAvailable() + " / " + expected.stockReserved());
			}
		});
		int checked = 0;
		for (var order : generator.orderStatuses().entrySet()) {
			if (checked++ >= 500) {
				break;
			}
			Response response = this.http.get(queryUrl + "/api/orders/" + order.getKey());
			String status = (response.status() == 200) ? response.json().path("status").asText()
					: "HTTP " + response.status();
			if (!order.getValue().name().equals(status)) {
				mismatches.add("order " + order.getKey() + ": " + status + ", history says " + order.getValue());
			}
		}
		return mismatches;
	}

	private static String trim(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
