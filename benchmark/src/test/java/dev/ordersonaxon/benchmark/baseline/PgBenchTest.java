package dev.ordersonaxon.benchmark.baseline;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PgBenchTest {

	private static final String OUTPUT = """
			pgbench (15.8)
			transaction type: /tmp/event-append.sql
			scaling factor: 1
			query mode: simple
			number of clients: 10
			number of threads: 2
			duration: 10 s
			number of transactions actually processed: 16512
			latency average = 6.057 ms
			initial connection time = 21.322 ms
			tps = 1651.003728 (without initial connection time)
			""";

	@Test
	void insertsOneEventShapedRowWithAPayloadOfTheGivenSize() {
		String script = PgBench.script("bench_x", 300);

		assertThat(script).startsWith("insert into bench_x.domain_event_entry").endsWith(";\n");
		Matcher payload = Pattern.compile("'\\\\x([0-9a-f]+)'::bytea").matcher(script);
		assertThat(payload.find()).isTrue();
		assertThat(payload.group(1)).hasSize(600);
		assertThat(script.lines()).hasSize(1);
	}

	@Test
	void scratchTableHasTheEventTablesKeys() {
		assertThat(PgBench.ddl("bench_x")).hasSize(3)
			.last()
			.asString()
			.contains("unique (aggregate_identifier, sequence_number)",
					"event_identifier     varchar(255) not null unique", "nextval('bench_x.global_index_seq')");
	}

	@Test
	void readsThroughputAndLatencyFromPgbenchOutput() {
		assertThat(PgBench.transactionsPerSecond(OUTPUT)).isEqualTo(1651.003728);
		assertThat(PgBench.averageLatencyMs(OUTPUT)).isEqualTo(6.057);
		assertThatIllegalStateException().isThrownBy(() -> PgBench.transactionsPerSecond("connection refused"));
	}

}
