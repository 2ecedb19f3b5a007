package dev.ordersonaxon.benchmark.load;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ordersonaxon.benchmark.Database;
import dev.ordersonaxon.benchmark.LocalProcess;
import dev.ordersonaxon.benchmark.ProcessCpu;
import dev.ordersonaxon.benchmark.report.CostPerOrder;
import dev.ordersonaxon.benchmark.report.ProcessCost;

/**
 * Samples, at the start and the end of a load run's window, the CPU time of every process
 * of the system it finds on this machine and PostgreSQL's counters of the database, and
 * turns the differences into costs per order.
 * <p>
 * The command and query sides are the processes listening on the ports of their URLs,
 * PostgreSQL the one listening on the database URL's port (its postmaster, counted with
 * its background processes and the backends of this database, not those of other
 * databases on the same server), unless {@code --command-pid}, {@code --query-pid} or
 * {@code --postgres-pid} name them. The database's counters are read over a connection of
 * the tool's own (its two reads add two commits); PostgreSQL's backends report their
 * counters about once a second, so each end of the window may be off by up to a second's
 * work.
 */
final class CostMeter implements AutoCloseable {

	/**
	 * A share of a process's CPU in the window above which its JIT compiler's work is
	 * worth a note: on a JVM that has warmed up it is a few percent.
	 */
	private static final double COLD_COMPILER_SHARE = 0.10;

	private static final String STATEMENTS = "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements"
			+ " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())";

	/**
	 * A client backend's title: {@code postgres: [cluster: ]user database client state};
	 * the client is {@code host(port)} or {@code [local]}.
	 */
	private static final Pattern BACKEND = Pattern
		.compile("postgres: (?:\\S+: )?\\S+ (\\S+) (?:\\S+\\(\\d+\\)|\\[local\\])(?: .*)?");

	private final Map<String, Watched> processes = new LinkedHashMap<>();

	private final List<String> notes = new ArrayList<>();

	private final Connection connection;

	private final boolean statements;

	private final String databaseName;

	private CostMeter(Connection connection, boolean statements, String databaseName) {
		this.connection = connection;
		this.statements = statements;
		this.databaseName = databaseName;
	}

	/**
	 * Whether a PostgreSQL process counts for this database: any but a client backend of
	 * another database.
	 */
	static boolean countsFor(String title, String database) {
		Matcher backend = BACKEND.matcher(title);
		return !backend.matches() || backend.group(1).equals(database);
	}

	/**
	 * Finds what there is to measure; anything it cannot find is left out, with a note.
	 */
	static CostMeter find(LoadSettings settings) {
		Connection connection = null;
		boolean statements = false;
		List<String> notes = new ArrayList<>();
		try {
			connection = settings.database().connect();
			connection.setAutoCommit(true);
			statements = statementsAvailable(connection, settings.database(), notes);
			noteAutovacuumOff(connection, notes);
		}
		catch (SQLException ex) {
			notes.add("PostgreSQL's counters not measured: cannot connect to " + settings.database().url() + " ("
					+ ex.getMessage() + ")");
		}
		CostMeter meter = new CostMeter(connection, statements, settings.database().name());
		meter.notes.addAll(notes);
		meter.watch("command", settings.commandPid(), settings.commandUrl(), false);
		meter.watch("query", settings.queryPid(), settings.queryUrl(), false);
		String database = "http://" + settings.database().host() + ":" + settings.database().port();
		meter.watch("postgres", settings.postgresPid(), database, true);
		meter.processes.put("tool", new Watched(ProcessHandle.current().pid(), "itself", false));
		return meter;
	}

	private void watch(String name, Long pid, String url, boolean withChildren) {
		if (pid != null) {
			this.processes.put(name, new Watched(pid, "--" + name + "-pid", withChildren));
			return;
		}
		Optional<Long> listening = LocalProcess.listeningOn(url);
		if (listening.isPresent()) {
			this.processes.put(name, new Watched(listening.get(), "listens on " + url, withChildren));
		}
		else {
			this.notes.add(name + " CPU not measured: no process on this machine listens on " + url
					+ " (name it with --" + name + "-pid)");
		}
	}

	/**
	 * Whether pg_stat_statements answers in this database; when it does not, a note says
	 * why.
	 */
	private static boolean statementsAvailable(Connection connection, Database database, List<String> notes) {
		try (Statement statement = connection.createStatement()) {
			statement.executeQuery(STATEMENTS).close();
			return true;
		}
		catch (SQLException ex) {
			notes.add("statements per order not measured: pg_stat_statements does not answer in database "
					+ database.name() + " (it needs shared_preload_libraries = 'pg_stat_statements' and"
					+ " CREATE EXTENSION pg_stat_statements): " + firstLine(ex.getMessage()));
			return false;
		}
	}

	/**
	 * Notes when the server does not vacuum by itself: the saga's, the tokens' and the
	 * views' tables then keep every dead row version, and statements on them slow down as
	 * a run goes on (measured: the order view's merge took 2.3 ms a batch instead of
	 * 0.34), so such figures are not those of a server with PostgreSQL's default.
	 */
	private static void noteAutovacuumOff(Connection connection, List<String> notes) {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT current_setting('autovacuum')")) {
			if (result.next() && "off".equals(result.getString(1))) {
				notes.add("PostgreSQL's autovacuum is off on this server: dead rows pile up in the saga's, the"
						+ " tokens' and the views' tables during the run, which slows their statements; the"
						+ " default (on) is what a deployment runs with");
			}
		}
		catch (SQLException ex) {
			notes.add("PostgreSQL's autovacuum setting could not be read: " + firstLine(ex.getMessage()));
		}
	}

	private static String firstLine(String message) {
		return (message == null) ? "" : message.lines().findFirst().orElse("");
	}

	/** What there is now; never throws, a figure it cannot read is null. */
	Sample sample() {
		Map<String, Long> cpu = new LinkedHashMap<>();
		Map<String, Map<Long, Long>> compilers = new LinkedHashMap<>();
		this.processes.forEach((name, process) -> {
			OptionalLong ms = process.withChildren()
					? ProcessCpu.groupCpuMs(process.pid(), (title) -> countsFor(title, this.databaseName))
					: ProcessCpu.cpuMs(process.pid());
			cpu.put(name, ms.isPresent() ? ms.getAsLong() : null);
			if (!process.withChildren()) {
				compilers.put(name, ProcessCpu.compilerThreadsCpuMs(process.pid()));
			}
		});
		Long commits = null;
		Long rows = null;
		Long calls = null;
		if (this.connection != null) {
			try (Statement statement = this.connection.createStatement()) {
				statement.execute("SELECT pg_stat_clear_snapshot()");
				try (ResultSet counters = statement.executeQuery(
						"SELECT xact_commit," + " tup_inserted + tup_updated + tup_deleted FROM pg_stat_database"
								+ " WHERE datname = current_database()")) {
					if (counters.next()) {
						commits = counters.getLong(1);
						rows = counters.getLong(2);
					}
				}
				if (this.statements) {
					try (ResultSet sum = statement.executeQuery(STATEMENTS)) {
						calls = sum.next() ? sum.getLong(1) : null;
					}
				}
			}
			catch (SQLException ex) {
				// a sample without counters: the figures stay null
			}
		}
		return new Sample(System.nanoTime(), cpu, compilers, commits, rows, calls);
	}

	/** The costs between two samples, per order completed between them. */
	CostPerOrder cost(Sample start, Sample end, int orders) {
		if (start == null || end == null) {
			return new CostPerOrder(orders, Map.of(), null, null, null, null, null, null, null,
					List.of("the window was not sampled"));
		}
		List<String> notes = new ArrayList<>(this.notes);
		double windowMs = (end.at() - start.at()) / 1e6;
		Map<String, ProcessCost> cpu = new LinkedHashMap<>();
		double total = 0;
		for (Map.Entry<String, Watched> process : this.processes.entrySet()) {
			Long before = start.cpuMs().get(process.getKey());
			Long after = end.cpuMs().get(process.getKey());
			if (before == null || after == null) {
				notes.add(process.getKey() + " CPU not measured: process " + process.getValue().pid()
						+ " could not be read at " + ((before == null) ? "the start" : "the end") + " of the window");
				continue;
			}
			double ms = after - before;
			total += ms;
			Double compiler = compilerMs(start.compilerMs().get(process.getKey()),
					end.compilerMs().get(process.getKey()));
			ProcessCost cost = new ProcessCost(process.getValue().pid(), process.getValue().foundBy(), ms,
					perOrder(ms, orders), (windowMs > 0) ? ms / windowMs : 0, compiler);
			cpu.put(process.getKey(), cost);
			if (cost.compilerShare() != null && cost.compilerShare() > COLD_COMPILER_SHARE) {
				notes.add(String.format(Locale.ROOT,
						"the JIT compiler used %.0f %% of the %s CPU in the window: its code was still being"
								+ " compiled, so its figures are not those of warm code (a longer --warmup measures"
								+ " those)",
						100 * cost.compilerShare(), process.getKey()));
			}
		}
		Long commits = difference(start.commits(), end.commits());
		Long rows = difference(start.rowsWritten(), end.rowsWritten());
		Long statements = difference(start.statements(), end.statements());
		return new CostPerOrder(orders, cpu, cpu.isEmpty() ? null : perOrder(total, orders), commits,
				(commits != null) ? perOrder(commits, orders) : null, rows,
				(rows != null) ? perOrder(rows, orders) : null, statements,
				(statements != null) ? perOrder(statements, orders) : null, notes);
	}

	/**
	 * What the compiler threads there are at the end used since the start (all of it, for
	 * one that started in between); null if none could be read at the end.
	 */
	private static Double compilerMs(Map<Long, Long> start, Map<Long, Long> end) {
		if (end == null || end.isEmpty()) {
			return null;
		}
		Map<Long, Long> before = (start != null) ? start : Map.of();
		return (double) end.entrySet()
			.stream()
			.mapToLong((thread) -> thread.getValue() - before.getOrDefault(thread.getKey(), 0L))
			.sum();
	}

	private static Long difference(Long before, Long after) {
		return (before != null && after != null) ? after - before : null;
	}

	private static double perOrder(double amount, int orders) {
		return (orders > 0) ? amount / orders : 0;
	}

	@Override
	public void close() {
		if (this.connection != null) {
			try {
				this.connection.close();
			}
			catch (SQLException ex) {
				// nothing left to do with it
			}
		}
	}

	private record Watched(long pid, String foundBy, boolean withChildren) {
	}

	/**
	 * Counters at one moment.
	 *
	 * @param at {@link System#nanoTime()} of the sample
	 * @param cpuMs CPU milliseconds so far per process, null where unreadable
	 * @param compilerMs per process that is not a group, the CPU milliseconds of each of
	 * its JIT compiler threads by thread id (empty if it has none or they could not be
	 * read)
	 * @param commits pg_stat_database.xact_commit, or null
	 * @param rowsWritten tup_inserted + tup_updated + tup_deleted, or null
	 * @param statements pg_stat_statements calls in the database, or null
	 */
	record Sample(long at, Map<String, Long> cpuMs, Map<String, Map<Long, Long>> compilerMs, Long commits,
			Long rowsWritten, Long statements) {
	}

}
