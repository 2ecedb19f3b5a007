package dev.ordersonaxon.benchmark.baseline;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ordersonaxon.benchmark.Database;
import dev.ordersonaxon.benchmark.report.BaselineResult;

/**
 * PostgreSQL's own ceiling for appending events here: pgbench inserting one row shaped
 * like an event entry per transaction, into a scratch schema that is dropped afterwards.
 */
public final class PgBench {

	private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");

	private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

	private final Database database;

	private final String pgbench;

	private final PrintStream out;

	public PgBench(Database database, String pgbench, PrintStream out) {
		this.database = database;
		this.pgbench = pgbench;
		this.out = out;
	}

	public BaselineResult run(int clients, Duration duration, int payloadBytes)
			throws SQLException, IOException, InterruptedException {
		String schema = "bench_baseline_" + ProcessHandle.current().pid();
		Path script = Files.createTempFile("event-append", ".sql");
		try (Connection connection = this.database.connect(); Statement statement = connection.createStatement()) {
			for (String sql : ddl(schema)) {
				statement.execute(sql);
			}
			try {
				Files.writeString(script, script(schema, payloadBytes), StandardCharsets.UTF_8);
				this.out.printf("pgbench: %d clients, %s, one %d-byte event row per transaction%n", clients, duration,
						payloadBytes);
				String output = runPgbench(script, clients, duration);
				return new BaselineResult(clients, duration.toMillis() / 1000.0, payloadBytes,
						parse(TPS, output, "tps"), parse(LATENCY, output, "latency"));
			}
			finally {
				statement.execute("drop schema " + schema + " cascade");
			}
		}
		finally {
			Files.deleteIfExists(script);
		}
	}

	/**
	 * A scratch copy of the event table: same columns, keys and global index sequence.
	 */
	static List<String> ddl(String schema) {
		return List.of("create schema " + schema,
				"create sequence " + schema + ".global_index_seq increment by 1 start with 1",
				"""
						create table %1$s.domain_event_entry (
						    global_index         bigint       not null default nextval('%1$s.global_index_seq') primary key,
						    event_identifier     varchar(255) not null unique,
						    aggregate_identifier varchar(255) not null,
						    sequence_number      bigint       not null,
						    type                 varchar(255),
						    time_stamp           varchar(255) not null,
						    payload_type         varchar(255) not null,
						    payload_revision     varchar(255),
						    payload              bytea        not null,
						    meta_data            bytea,
						    unique (aggregate_identifier, sequence_number)
						)"""
					.formatted(schema));
	}

	/**
	 * The pgbench script: one insert, fresh ids each time, a JSON-like payload of the
	 * given size.
	 */
	static String script(String schema, int payloadBytes) {
		StringBuilder payload = new StringBuilder("{\"orderId\":\"");
		while (payload.length() < payloadBytes - 2) {
			payload.append('x');
		}
		payload.append("\"}");
		String hex = HexFormat.of().formatHex(payload.toString().getBytes(StandardCharsets.US_ASCII));
		return ("insert into %s.domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, "
				+ "time_stamp, payload_type, payload, meta_data) values (gen_random_uuid()::text, "
				+ "gen_random_uuid()::text, 0, 'Order', now()::text, 'dev.ordersonaxon.api.order.OrderPlacedEvent', "
				+ "'\\x%s'::bytea, '\\x7b7d'::bytea);\n")
			.formatted(schema, hex);
	}

	private String runPgbench(Path script, int clients, Duration duration) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(this.pgbench, "-n", "-f", script.toString(), "-c",
				String.valueOf(clients), "-j", String.valueOf(Math.min(clients, 2)), "-T",
				String.valueOf(Math.max(1, duration.toSeconds())), "-h", this.database.host(), "-p",
				String.valueOf(this.database.port()), "-U", this.database.user(), this.database.name()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		if (!this.database.password().isEmpty()) {
			builder.environment().put("PGPASSWORD", this.database.password());
		}
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("pgbench failed:\n" + output);
		}
		return output;
	}

	static double parse(Pattern pattern, String output, String what) {
		Matcher matcher = pattern.matcher(output);
		if (!matcher.find()) {
			throw new IllegalStateException("no " + what + " in pgbench's output:\n" + output);
		}
		return Double.parseDouble(matcher.group(1));
	}

	static double transactionsPerSecond(String output) {
		return parse(TPS, output, "tps");
	}

	static double averageLatencyMs(String output) {
		return parse(LATENCY, output, "latency");
	}

}
