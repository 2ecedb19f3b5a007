package dev.ordersonaxon.benchmark;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCpuTest {

	@Test
	void readsTheFieldsAfterTheCommandNameWhateverItHolds() {
		// pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt
		// cmajflt
		// utime stime cutime cstime ...
		ProcessCpu.Stat stat = ProcessCpu
			.parse("4242 (postgres: a (b) c) S 17 4242 4242 0 -1 4194560 100 0 0 0 25 7 3 2 20 0 1 0 500 0 0\n");

		assertThat(stat.parentPid()).isEqualTo(17);
		assertThat(stat.own()).isEqualTo(32);
	}

	@Test
	void countsTheCpuThisProcessHasUsed() {
		long pid = ProcessHandle.current().pid();

		long own = ProcessCpu.cpuMs(pid).orElseThrow();

		assertThat(own).isPositive();
		assertThat(ProcessCpu.groupCpuMs(pid, (title) -> true).orElseThrow()).isGreaterThanOrEqualTo(own);
		assertThat(ProcessCpu.cpuMs(Long.MAX_VALUE)).isEmpty();
	}

	@Test
	void findsTheJitCompilerThreadsOfThisJvmByName() {
		long pid = ProcessHandle.current().pid();

		Map<Long, Long> compilers = ProcessCpu.compilerThreadsCpuMs(pid);

		// a HotSpot JVM that compiles at all has a C1 and a C2 thread, by name
		assertThat(compilers).isNotEmpty().doesNotContainKey(pid);
		assertThat(compilers.values().stream().mapToLong(Long::longValue).sum())
			.isLessThanOrEqualTo(ProcessCpu.cpuMs(pid).orElseThrow());
		assertThat(ProcessCpu.isCompilerThread("C2 CompilerThre")).isTrue();
		assertThat(ProcessCpu.isCompilerThread("C1 CompilerThre")).isTrue();
		assertThat(ProcessCpu.isCompilerThread("GC Thread#0")).isFalse();
		assertThat(ProcessCpu.compilerThreadsCpuMs(Long.MAX_VALUE)).isEmpty();
	}

}
