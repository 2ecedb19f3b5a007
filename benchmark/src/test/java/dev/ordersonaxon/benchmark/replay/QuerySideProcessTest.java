package dev.ordersonaxon.benchmark.replay;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QuerySideProcessTest {

	@Test
	void startsTheQuerySideWithTheHeapRunShGivesItUnlessToldOtherwise() {
		assertThat(QuerySideProcess.jvmOptions(QuerySideProcess.DEFAULT_HEAP, "")).containsExactly("-Xmx256m");
		assertThat(QuerySideProcess.jvmOptions("512m", " -XX:+UseSerialGC  -Dx=y ")).containsExactly("-Xmx512m",
				"-XX:+UseSerialGC", "-Dx=y");
		// the JVM takes the last -Xmx: one among the options wins over the heap option
		assertThat(QuerySideProcess.jvmOptions("256m", "-Xmx1g")).containsExactly("-Xmx256m", "-Xmx1g");
		assertThat(QuerySideProcess.jvmOptions("", "")).isEmpty();
	}

	@Test
	void givesTheQuerySideTheCollectorRunShGivesItAndTrimsItsNativeHeapWhereTheJvmCan() {
		assertThat(QuerySideProcess.jvmAccepts("-XX:+UseParallelGC")).isTrue();
		assertThat(QuerySideProcess.jvmAccepts("-XX:+NoSuchOptionAnywhere")).isFalse();
		String options = QuerySideProcess.defaultJavaOptions();
		assertThat(options).startsWith("-XX:+UseParallelGC");
		assertThat(options.contains("-XX:TrimNativeHeapInterval=1000"))
			.isEqualTo(QuerySideProcess.jvmAccepts("-XX:TrimNativeHeapInterval=1000"));
	}

}
