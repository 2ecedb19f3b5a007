package dev.ordersonaxon.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * CPU time of local processes from {@code /proc/<pid>/stat}: user plus system time, in
 * clock ticks converted to milliseconds; for a group, a parent (PostgreSQL's postmaster)
 * and those of its live children a filter picks by their title (the command line a
 * PostgreSQL process shows, {@code postgres: <user> <database> <client> <state>} for a
 * backend). A child that exits takes its time with it (its parent's counters of reaped
 * children cannot say whose it was), so a group's difference between two samples leaves
 * out children that ended in between. On anything but Linux there is nothing to read.
 */
public final class ProcessCpu {

	private static final Path PROC = Path.of("/proc");

	private static final long TICKS_PER_SECOND = ticksPerSecond();

	private ProcessCpu() {
	}

	/** CPU milliseconds the process used so far. */
	public static OptionalLong cpuMs(long pid) {
		Stat stat = stat(pid);
		return (stat != null) ? OptionalLong.of(ms(stat.own())) : OptionalLong.empty();
	}

	/**
	 * CPU milliseconds the process and its live children whose title {@code counted}
	 * accepts used so far.
	 */
	public static OptionalLong groupCpuMs(long pid, Predicate<String> counted) {
		Stat parent = stat(pid);
		if (parent == null) {
			return OptionalLong.empty();
		}
		long ticks = parent.own();
		try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
			for (Path process : processes) {
				Stat child = stat(Long.parseLong(process.getFileName().toString()));
				if (child != null && child.parentPid() == pid && counted.test(title(process))) {
					ticks += child.own();
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			return OptionalLong.empty();
		}
		return OptionalLong.of(ms(ticks));
	}

	/**
	 * CPU milliseconds each JIT compiler thread of a HotSpot JVM
	 * ({@code C1 CompilerThread…}, {@code C2 CompilerThread…}) used so far, by thread id:
	 * empty if the process has none or cannot be read. Compiling is what a JVM spends its
	 * first minutes under load on, so it tells whether a window measured warm code. A
	 * thread that exits takes its time with it, as a child process does.
	 */
	public static Map<Long, Long> compilerThreadsCpuMs(long pid) {
		Map<Long, Long> compilers = new HashMap<>();
		try (DirectoryStream<Path> threads = Files.newDirectoryStream(PROC.resolve(pid + "/task"), "[0-9]*")) {
			for (Path thread : threads) {
				try {
					if (isCompilerThread(Files.readString(thread.resolve("comm"), StandardCharsets.US_ASCII).trim())) {
						Stat stat = parse(Files.readString(thread.resolve("stat"), StandardCharsets.US_ASCII));
						compilers.put(Long.parseLong(thread.getFileName().toString()), ms(stat.own()));
					}
				}
				catch (IOException ex) {
					// the thread ended meanwhile
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			return Map.of();
		}
		return compilers;
	}

	/**
	 * Whether a thread's name, as the kernel keeps it (its first 15 bytes), is one of
	 * HotSpot's JIT compiler threads.
	 */
	static boolean isCompilerThread(String name) {
		return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
	}

	private static String title(Path process) {
		try {
			return new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ')
				.trim();
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static long ms(long ticks) {
		return ticks * 1000 / TICKS_PER_SECOND;
	}

	private static Stat stat(long pid) {
		try {
			return parse(Files.readString(PROC.resolve(pid + "/stat"), StandardCharsets.US_ASCII));
		}
		catch (IOException | RuntimeException ex) {
			// gone, or not Linux
			return null;
		}
	}

	/**
	 * Reads one {@code /proc/<pid>/stat} line. The command name (field 2) is in
	 * parentheses and may hold spaces and parentheses itself, so fields are counted from
	 * the last closing one: ppid is field 4, utime 14, stime 15.
	 */
	static Stat parse(String line) {
		String[] fields = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
		return new Stat(Long.parseLong(fields[1]), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
	}

	/**
	 * @param parentPid the parent's pid
	 * @param own user and system ticks of the process itself
	 */
	record Stat(long parentPid, long own) {
	}

	/**
	 * {@code getconf CLK_TCK}; 100, the value on every common Linux, if it cannot say.
	 */
	private static long ticksPerSecond() {
		try {
			Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
			String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
			if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
				return Long.parseLong(out);
			}
		}
		catch (IOException | RuntimeException ex) {
			// not there
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return 100;
	}

}
