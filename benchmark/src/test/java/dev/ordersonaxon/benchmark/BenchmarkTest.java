package dev.ordersonaxon.benchmark;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BenchmarkTest {

	private final ByteArrayOutputStream output = new ByteArrayOutputStream();

	@Test
	void helpDocumentsTheOverloadMode() {
		assertThat(run("--help")).isZero();
		assertThat(printed()).contains("overload", "--capacity-duration 30s", "--capacity N", "--unloaded-share 0.5",
				"--factor 3");
	}

	@Test
	void helpTellsWhereTheBearerTokenComesFrom() {
		assertThat(run("--help")).isZero();
		assertThat(printed()).contains("--token TOKEN", "ORDERS_TOKEN", "manager, clerk, viewer and admin",
				"./run.sh token");
	}

	@Test
	void anOverloadOptionMisspeltIsReportedBeforeAnythingRuns() {
		assertThat(run("overload", "--factr", "3", "--command-url", "http://127.0.0.1:9")).isEqualTo(2);
		assertThat(printed()).contains("unknown option(s): [factr]").doesNotContain("phase 1");
	}

	private int run(String... args) {
		return Benchmark.run(List.of(args), new PrintStream(this.output, true, StandardCharsets.UTF_8));
	}

	private String printed() {
		return this.output.toString(StandardCharsets.UTF_8);
	}

}
