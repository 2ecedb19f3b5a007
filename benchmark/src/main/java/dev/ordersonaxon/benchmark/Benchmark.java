package dev.ordersonaxon.benchmark;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.ordersonaxon.benchmark.baseline.PgBench;
import dev.ordersonaxon.benchmark.load.LoadRun;
import dev.ordersonaxon.benchmark.load.OverloadRun;
import dev.ordersonaxon.benchmark.report.BaselineResult;
import dev.ordersonaxon.benchmark.report.BenchmarkReport;
import dev.ordersonaxon.benchmark.report.LoadResult;
import dev.ordersonaxon.benchmark.report.OverloadResult;
import dev.ordersonaxon.benchmark.report.ReplayResult;
import dev.ordersonaxon.benchmark.report.ReportWriter;
import dev.ordersonaxon.benchmark.replay.ReplayRun;

/**
 * Entry point: {@code load}, {@code overload}, {@code replay}, {@code baseline} or
 * {@code compare a.json b.json}.
 */
public final class Benchmark {

	private static final String USAGE = """
			usage: benchmark <mode> [options]
			  load      --command-url http://localhost:8080 --query-url http://localhost:8081
			            --rate 100 (orders/s, open loop) | --concurrency N (closed loop)
			            --duration 60s --warmup 5s --customers 100 --products 50 --seed 42
			            --credit-exceeded 0.10 --out-of-stock 0.05 --cancels 0.05
			            --observe per-customer|per-order|poll (final states: a live-update stream per customer, one
			            per order (alias sse), or polling)
			            --command-pid/--query-pid/--postgres-pid PID (processes whose CPU per order is reported;
			            default: found by the port they listen on, PostgreSQL's from --database-url)
			            --idempotency-keys (every placement carries an Idempotency-Key)
			            --poll-interval 5ms --final-timeout 60s --settle-timeout 60s
			            --baseline (also run pgbench afterwards) --baseline-duration 10s --baseline-clients N
			            a placement answered 503 is a refusal: counted by problem type, never followed; one
			            without Retry-After or problem+json, or one refused as overloaded that was stored, fails the run
			  overload  capacity, then an open loop below it and one above it; same urls, mix and observation options
			            --concurrency 16 --capacity-duration 30s (closed loop whose completed orders/s is the capacity)
			            --capacity N (orders/s: skip that phase) --unloaded-share 0.5 --factor 3 (rates x capacity)
			            --duration 60s (each open-loop phase) --warmup 5s (before the first phase only)
			            --overload-warmup 0s (run at the overload rate, not measured, before that phase's window)
			            --pause 16s (between phases, so the query side ends the last phase's streams; 0 with --observe poll)
			            targets (TIMEOUT share, p99 ratio, refusals) are reported; only broken rules fail the run
			  replay    --seed-events 1000000 --customers 1000 --products 200 --seed 42
			            --database-url jdbc:postgresql://127.0.0.1:5432/orders_replay --create-database
			            --query-side-jar query-side/target/query-side-*.jar --query-port 8082 | --query-url URL
			            --query-side-heap 256m (-Xmx of the query side the tool starts; ./run.sh's default)
			            --query-side-java-options "..." (its other JVM options, default ./run.sh's collector
			              and native-heap trimming; an -Xmx there wins)
			            --replay-timeout 30m --force (seed even where a command side has run)
			            --seed-only (seed and time the raw read, no replay); --seed-events 0 replays what is there
			            --rebuilds 1 (rebuild all views that many times in a row on the same query side)
			  baseline  --clients 10 --duration 10s --payload-bytes 300 --pgbench /usr/bin/pgbench
			  compare   a.json b.json   (prints b / a for every figure)
			common: --results-dir benchmark-results --database-url/--database-user/--database-password
			        (default: DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD, else the local orders database)
			        --token TOKEN: the bearer token every request sends (default: ORDERS_TOKEN); load, overload
			        and replay need one with the roles manager, clerk, viewer and admin; benchmark/run.sh mints
			        one with ./run.sh token unless either is given
			""";

	private Benchmark() {
	}

	public static void main(String[] argv) {
		System.exit(run(List.of(argv), System.out));
	}

	static int run(List<String> argv, PrintStream out) {
		Arguments args = new Arguments(argv);
		if (args.positional().isEmpty() || args.has("help")) {
			out.print(USAGE);
			return args.has("help") ? 0 : 2;
		}
		String mode = args.positional().get(0);
		try {
			if ("compare".equals(mode)) {
				return compare(args, out);
			}
			Path results = Path.of(args.string("results-dir", "benchmark-results"));
			Instant startedAt = Instant.now();
			BenchmarkReport report = switch (mode) {
				case "load" -> load(args, out, startedAt);
				case "overload" -> overload(args, out, startedAt);
				case "replay" -> replay(args, out, startedAt, results);
				case "baseline" -> baseline(args, out, startedAt);
				default -> throw new IllegalArgumentException("unknown mode '" + mode + "'\n" + USAGE);
			};
			out.println();
			out.print(ReportWriter.table(report));
			for (Path file : ReportWriter.write(report, results)) {
				out.println("wrote " + file);
			}
			if (!report.passed()) {
				out.println();
				out.println("!!!!!!!! BENCHMARK FAILED: invariants or refusal rules broken, or views wrong (see above)"
						+ " !!!!!!!!");
				return 1;
			}
			return 0;
		}
		catch (IllegalArgumentException ex) {
			out.println("error: " + ex.getMessage());
			return 2;
		}
		catch (Exception ex) {
			out.println("!!!!!!!! BENCHMARK FAILED: " + ex.getMessage());
			ex.printStackTrace(out);
			return 1;
		}
	}

	private static BenchmarkReport load(Arguments args, PrintStream out, Instant startedAt) throws Exception {
		boolean withBaseline = args.flag("baseline");
		Duration baselineDuration = args.duration("baseline-duration", Duration.ofSeconds(10));
		int concurrency = args.integer("concurrency", 0);
		int baselineClients = args.integer("baseline-clients", (concurrency > 0) ? concurrency : 10);
		Database database = Database.from(args);
		String pgbench = args.string("pgbench", "pgbench");
		args.string("results-dir", null);
		LoadResult load = LoadRun.run(args, out);
		args.requireAllUsed();
		List<String> notes = new ArrayList<>(loadNotes(load));
		BaselineResult baseline = null;
		if (withBaseline) {
			baseline = new PgBench(database, pgbench, out).run(baselineClients, baselineDuration, 300);
			notes.add("pgbench ran after the load with " + baselineClients
					+ " clients (the command side's default connection pool is 10)");
		}
		return new BenchmarkReport("load", startedAt, args.asMap(), load, null, baseline, null, notes);
	}

	private static BenchmarkReport overload(Arguments args, PrintStream out, Instant startedAt) throws Exception {
		args.string("results-dir", null);
		OverloadRun run = OverloadRun.from(args);
		args.requireAllUsed();
		OverloadResult overload = run.run(out);
		List<String> notes = new ArrayList<>(loadNotes(overload.overload()));
		notes.add("each phase has its own customers, products and orders, and settles before the next begins");
		notes.add("the open loops send every order when it is due, whatever the answers; a closed-loop user that is"
				+ " refused waits as Retry-After asks");
		return new BenchmarkReport("overload", startedAt, args.asMap(), null, null, null, overload, notes);
	}

	private static List<String> loadNotes(LoadResult load) {
		return List.of(load.perCustomerStreams()
				? "place -> final is observed on one server-sent-event stream per customer"
						+ " (GET /api/orders/updates?customerId=), each opened before the first order and kept for the"
						+ " run (reopened with Last-Event-ID if it ends), at the arrival of the first event with the"
						+ " awaited state; an order whose customer has no stream or that stays without that state for "
						+ LoadRun.STREAM_SILENCE.toSeconds() + " s is polled instead (counted above)"
				: load.perOrderStreams()
						? "place -> final is observed on one server-sent-event stream per order (GET /api/orders/{id}/updates),"
								+ " opened once the place request is answered, at the arrival of the first event with the"
								+ " awaited state; an order whose stream is refused, fails, ends early or stays without that"
								+ " state for " + LoadRun.STREAM_SILENCE.toSeconds()
								+ " s is polled instead (counted above)"
						: "place -> final is observed by polling GET /api/orders/{id} every " + load.pollIntervalMs()
								+ " ms, or a twentieth of the wait so far when longer (at most 1 s; at most 32 reads at once):"
								+ " figures are upper bounds, coarse by one interval plus a read",
				"open loop latencies count from when an order was due, so a backlog shows (no coordinated omission)",
				"command transactions/s is implied by the outcomes, not counting the saga's and projections' own commits",
				"cost per order: CPU of each process from /proc/<pid>/stat (user + system; PostgreSQL's postmaster with"
						+ " its background processes and this database's backends) and the database's pg_stat_database (and pg_stat_statements) counters,"
						+ " sampled at the start and end of the window, divided by the orders completed in it; the"
						+ " tool's own CPU includes observing; JIT: the part of a JVM's CPU its compiler threads used"
						+ " (/proc/<pid>/task)",
				"a placement answered 503 is a refusal: never placed, so not followed and left out of the outcomes and"
						+ " invariants; orders rejected by the saga's TIMEOUT count in place -> final");
	}

	private static BenchmarkReport replay(Arguments args, PrintStream out, Instant startedAt, Path results)
			throws Exception {
		args.string("results-dir", null);
		ReplayResult replay = ReplayRun.run(args, out, results);
		return new BenchmarkReport("replay", startedAt, args.asMap(), null, replay, null, null,
				List.of("replay events/s = events in store / time from the replay requests until every projection "
						+ "reached the head; projections rebuild in parallel",
						"raw read = JDBC pages of 1000 rows by global index, all columns incl. payload bytes"));
	}

	private static BenchmarkReport baseline(Arguments args, PrintStream out, Instant startedAt) throws Exception {
		Database database = Database.from(args);
		int clients = args.integer("clients", 10);
		Duration duration = args.duration("duration", Duration.ofSeconds(10));
		int payload = args.integer("payload-bytes", 300);
		String pgbench = args.string("pgbench", "pgbench");
		args.string("results-dir", null);
		args.requireAllUsed();
		BaselineResult baseline = new PgBench(database, pgbench, out).run(clients, duration, payload);
		return new BenchmarkReport("baseline", startedAt, args.asMap(), null, null, baseline, null, List.of());
	}

	private static int compare(Arguments args, PrintStream out) throws Exception {
		args.requireAllUsed();
		if (args.positional().size() != 3) {
			throw new IllegalArgumentException("compare needs two result files: compare a.json b.json");
		}
		out.println("a = " + args.positional().get(1));
		out.println("b = " + args.positional().get(2));
		ReportWriter.compare(Path.of(args.positional().get(1)), Path.of(args.positional().get(2)))
			.forEach(out::println);
		return 0;
	}

}
