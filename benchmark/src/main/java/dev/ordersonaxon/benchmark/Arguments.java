package dev.ordersonaxon.benchmark;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Command-line options of the form {@code --name value} or {@code --flag}, with the mode
 * and any file names as positional arguments. Every option read is remembered, so that a
 * misspelt one is reported instead of silently ignored.
 */
public final class Arguments {

	private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

	/** Options whose values are credentials: recorded as given, not with their values. */
	private static final Set<String> SECRET = Set.of(BearerToken.OPTION, "database-password");

	private static final String WITHHELD = "(given, not recorded)";

	private final Map<String, String> options = new LinkedHashMap<>();

	private final List<String> positional;

	private final Set<String> read = new HashSet<>();

	public Arguments(List<String> args) {
		List<String> rest = new java.util.ArrayList<>();
		for (int i = 0; i < args.size(); i++) {
			String arg = args.get(i);
			if (arg.startsWith("--")) {
				String name = arg.substring(2);
				int equals = name.indexOf('=');
				if (equals >= 0) {
					this.options.put(name.substring(0, equals), name.substring(equals + 1));
				}
				else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
					this.options.put(name, args.get(++i));
				}
				else {
					this.options.put(name, "true");
				}
			}
			else {
				rest.add(arg);
			}
		}
		this.positional = List.copyOf(rest);
	}

	public List<String> positional() {
		return this.positional;
	}

	public boolean has(String name) {
		this.read.add(name);
		return this.options.containsKey(name);
	}

	public String string(String name, String fallback) {
		this.read.add(name);
		return this.options.getOrDefault(name, fallback);
	}

	public int integer(String name, int fallback) {
		String value = string(name, null);
		return (value != null) ? Integer.parseInt(value.replace("_", "").replace(",", "")) : fallback;
	}

	public long longValue(String name, long fallback) {
		String value = string(name, null);
		return (value != null) ? Long.parseLong(value.replace("_", "").replace(",", "")) : fallback;
	}

	public double decimal(String name, double fallback) {
		String value = string(name, null);
		return (value != null) ? Double.parseDouble(value) : fallback;
	}

	public boolean flag(String name) {
		String value = string(name, "false");
		return Boolean.parseBoolean(value);
	}

	/**
	 * A duration such as {@code 60s}, {@code 500ms}, {@code 2m}; a bare number is
	 * seconds.
	 */
	public Duration duration(String name, Duration fallback) {
		String value = string(name, null);
		return (value != null) ? parseDuration(value) : fallback;
	}

	static Duration parseDuration(String value) {
		Matcher matcher = DURATION.matcher(value.trim());
		if (!matcher.matches()) {
			throw new IllegalArgumentException("not a duration: '" + value + "' (try 60s, 500ms, 2m)");
		}
		double amount = Double.parseDouble(matcher.group(1));
		String unit = (matcher.group(2) != null) ? matcher.group(2) : "s";
		double millis = switch (unit) {
			case "ms" -> amount;
			case "s" -> amount * 1_000;
			case "m" -> amount * 60_000;
			default -> amount * 3_600_000;
		};
		return Duration.ofMillis(Math.round(millis));
	}

	/** Fails when an option was given that no part of the chosen mode asked for. */
	public void requireAllUsed() {
		List<String> unknown = this.options.keySet().stream().filter((name) -> !this.read.contains(name)).toList();
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("unknown option(s): " + unknown);
		}
	}

	/**
	 * The options as given, recorded in the result file; a credential's value is left
	 * out.
	 */
	public Map<String, String> asMap() {
		Map<String, String> recorded = new LinkedHashMap<>(this.options);
		recorded.replaceAll((name, value) -> SECRET.contains(name) ? WITHHELD : value);
		return Map.copyOf(recorded);
	}

}
