package dev.ordersonaxon.benchmark.report;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Flattens a result file to its numeric figures so two runs can be set side by side. */
final class Comparison {

	private Comparison() {
	}

	/**
	 * Dotted paths of every number outside arrays (the per-second series is left out),
	 * but process ids: a number, not a figure.
	 */
	static Map<String, Double> numericFigures(JsonNode root) {
		Map<String, Double> figures = new LinkedHashMap<>();
		collect("", root, figures);
		return figures;
	}

	private static void collect(String path, JsonNode node, Map<String, Double> figures) {
		if (node.isNumber() && !path.endsWith(".pid")) {
			figures.put(path, node.doubleValue());
		}
		else if (node.isObject() && !"options".equals(path)) {
			Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
			while (fields.hasNext()) {
				Map.Entry<String, JsonNode> field = fields.next();
				collect(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), figures);
			}
		}
	}

	static String ratio(double a, double b) {
		if (a == 0) {
			return (b == 0) ? "1.00" : "-";
		}
		return String.format(Locale.ROOT, "%.2f", b / a);
	}

}
