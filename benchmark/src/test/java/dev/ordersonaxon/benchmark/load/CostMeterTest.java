package dev.ordersonaxon.benchmark.load;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import dev.ordersonaxon.benchmark.Arguments;
import dev.ordersonaxon.benchmark.report.CostPerOrder;
import dev.ordersonaxon.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The cost of a window, measured on a real PostgreSQL database. */
class CostMeterTest {

	private static final TestDatabase DATABASE = TestDatabase.create("bench_cost");

	@Test
	void countsPostgresProcessesButTheBackendsOfOtherDatabases() {
		assertThat(CostMeter.countsFor("postgres: 15/main: postgres orders 127.0.0.1(45678) idle", "orders")).isTrue();
		assertThat(CostMeter.countsFor("postgres: app orders [local] SELECT", "orders")).isTrue();
		assertThat(
				CostMeter.countsFor("postgres: 15/main: postgres other 127.0.0.1(45678) idle in transaction", "orders"))
			.isFalse();
		assertThat(CostMeter.countsFor("postgres: 15/main: checkpointer", "orders")).isTrue();
		assertThat(CostMeter.countsFor("postgres: 15/main: logical replication launcher", "orders")).isTrue();
		assertThat(CostMeter.countsFor("postgres: autovacuum worker other", "orders")).isTrue();
	}

	@Test
	void tellsWhatTheJitCompilerUsedAndNotesAWindowOfCodeStillBeingCompiled() {
		LoadSettings settings = LoadSettings
			.from(new Arguments(List.of("load", "--database-url", "jdbc:postgresql://127.0.0.1:1/none", "--command-url",
					"http://127.0.0.1:1", "--query-url", "http://127.0.0.1:1")));
		try (CostMeter meter = CostMeter.find(settings)) {
			// compiler thread 7 went on, thread 9 started in the window
			CostMeter.Sample start = new CostMeter.Sample(0, Map.of("tool", 1000L), Map.of("tool", Map.of(7L, 100L)),
					null, null, null);
			CostMeter.Sample end = new CostMeter.Sample(1_000_000_000L, Map.of("tool", 2000L),
					Map.of("tool", Map.of(7L, 400L, 9L, 50L)), null, null, null);

			CostPerOrder cost = meter.cost(start, end, 10);

			assertThat(cost.cpu().get("tool").compilerCpuMs()).isEqualTo(350.0);
			assertThat(cost.notes()).anySatisfy((note) -> assertThat(note).contains("JIT compiler used 35 %", "tool"));

			CostPerOrder warm = meter.cost(start, new CostMeter.Sample(1_000_000_000L, Map.of("tool", 2000L),
					Map.of("tool", Map.of(7L, 150L)), null, null, null), 10);

			assertThat(warm.cpu().get("tool").compilerShare()).isEqualTo(0.05);
			assertThat(warm.notes()).noneSatisfy((note) -> assertThat(note).contains("JIT"));
		}
	}

	@Test
	void countsTheDatabasesCommitsAndRowsWrittenAndTheCpuOfItsProcessesPerOrder() throws Exception {
		LoadSettings settings = LoadSettings.from(new Arguments(List.of("load", "--database-url", DATABASE.jdbcUrl(),
				"--database-user", DATABASE.user(), "--database-password", DATABASE.password(), "--command-url",
				"http://127.0.0.1:1", "--query-url", "http://127.0.0.1:1")));
		try (CostMeter meter = CostMeter.find(settings)) {
			CostMeter.Sample start = meter.sample();
			CostMeter.Sample end;
			try (Connection connection = settings.database().connect();
					Statement statement = connection.createStatement()) {
				statement.execute("CREATE TABLE counted (id int PRIMARY KEY, n int)");
				for (int i = 0; i < 10; i++) {
					statement.execute("INSERT INTO counted SELECT g, 0 FROM generate_series(" + (i * 10) + ", "
							+ (i * 10 + 9) + ") g");
				}
				statement.execute("UPDATE counted SET n = 1 WHERE id < 50");
				statement.execute("DELETE FROM counted WHERE id >= 80");
				// enough work for PostgreSQL's CPU to show in clock ticks of 10 ms
				statement.execute("SELECT count(*) FROM generate_series(1, 3000000)");
				// a backend reports its counters about once a second; this one now
				statement.execute("SELECT pg_stat_force_next_flush()");
				// while its backend lives: one that has exited is not counted
				end = meter.sample();
			}

			CostPerOrder cost = meter.cost(start, end, 10);

			assertThat(cost.commits()).isGreaterThanOrEqualTo(13);
			assertThat(cost.rowsWritten()).isGreaterThanOrEqualTo(170);
			assertThat(cost.rowsWrittenPerOrder()).isGreaterThanOrEqualTo(17);
			assertThat(cost.cpu()).containsKey("tool").doesNotContainKeys("command", "query");
			// the tool is a JVM: its JIT compiler's part is measured, PostgreSQL has none
			assertThat(cost.cpu().get("tool").compilerCpuMs()).isNotNull()
				.isBetween(0.0, cost.cpu().get("tool").cpuMs());
			assertThat(cost.notes()).anySatisfy((note) -> assertThat(note).startsWith("command CPU not measured"));
			if (settings.database().host().equals("127.0.0.1") || settings.database().host().equals("localhost")) {
				assertThat(cost.cpu().get("postgres").cpuMs()).isPositive();
				assertThat(cost.cpu().get("postgres").compilerCpuMs()).isNull();
			}
			boolean vacuuming;
			try (Connection connection = settings.database().connect();
					Statement statement = connection.createStatement();
					ResultSet result = statement.executeQuery("SHOW autovacuum")) {
				result.next();
				vacuuming = result.getString(1).equals("on");
			}
			if (vacuuming) {
				assertThat(cost.notes()).noneSatisfy((note) -> assertThat(note).contains("autovacuum"));
			}
			else {
				assertThat(cost.notes()).anySatisfy((note) -> assertThat(note).contains("autovacuum is off"));
			}
			if (cost.statements() == null) {
				assertThat(cost.notes()).anySatisfy((note) -> assertThat(note).contains("pg_stat_statements"));
			}
			else {
				assertThat(cost.statements()).isGreaterThanOrEqualTo(13);
			}
		}
	}

}
