package dev.ordersonaxon.benchmark.report;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** An inline SVG line chart of per-second p50 and p99; needs nothing from the network. */
final class LatencyChart {

	private static final int WIDTH = 900;

	private static final int HEIGHT = 360;

	private static final int LEFT = 60;

	private static final int RIGHT = 20;

	private static final int TOP = 20;

	private static final int BOTTOM = 40;

	private LatencyChart() {
	}

	static String svg(List<LatencyPoint> points) {
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">%n",
				WIDTH, HEIGHT, WIDTH, HEIGHT));
		svg.append("<title>place to final latency per second (ms)</title>\n");
		if (points.isEmpty()) {
			svg.append("<text x=\"60\" y=\"40\">no samples</text>\n</svg>\n");
			return svg.toString();
		}
		int firstSecond = points.get(0).second();
		int lastSecond = Math.max(points.get(points.size() - 1).second(), firstSecond + 1);
		double maxMs = niceCeiling(points.stream().mapToDouble(LatencyPoint::p99Ms).max().orElse(1));
		Scale scale = new Scale(firstSecond, lastSecond, maxMs);
		axes(svg, scale);
		line(svg, points, scale, LatencyPoint::p50Ms, "#1f77b4");
		line(svg, points, scale, LatencyPoint::p99Ms, "#d62728");
		svg.append(String.format(Locale.ROOT,
				"<text x=\"%d\" y=\"%d\" fill=\"#1f77b4\">p50</text><text x=\"%d\" y=\"%d\" fill=\"#d62728\">p99</text>%n",
				WIDTH - 110, TOP + 14, WIDTH - 70, TOP + 14));
		svg.append("</svg>\n");
		return svg.toString();
	}

	private static void axes(StringBuilder svg, Scale scale) {
		int plotBottom = HEIGHT - BOTTOM;
		svg.append(String.format(Locale.ROOT,
				"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
				LEFT, TOP, LEFT, plotBottom, LEFT, plotBottom, WIDTH - RIGHT, plotBottom));
		for (int tick = 0; tick <= 4; tick++) {
			double ms = scale.maxMs * tick / 4;
			double y = scale.y(ms);
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%s ms</text>%n",
					LEFT, y, WIDTH - RIGHT, y, LEFT - 4, y + 4, format(ms)));
		}
		int span = scale.lastSecond - scale.firstSecond;
		int step = Math.max(1, (int) Math.ceil(span / 10.0));
		for (int second = scale.firstSecond; second <= scale.lastSecond; second += step) {
			svg.append(String.format(Locale.ROOT,
					"<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">%ds</text>%n", scale.x(second),
					plotBottom + 16, second));
		}
		svg.append(String.format(Locale.ROOT,
				"<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\">seconds since start (by time the order was placed)</text>%n",
				(LEFT + WIDTH - RIGHT) / 2, HEIGHT - 6));
	}

	private static void line(StringBuilder svg, List<LatencyPoint> points, Scale scale,
			ToDoubleFunction<LatencyPoint> value, String colour) {
		StringBuilder path = new StringBuilder();
		for (LatencyPoint point : points) {
			path.append(path.isEmpty() ? "" : " ")
				.append(String.format(Locale.ROOT, "%.1f,%.1f", scale.x(point.second()),
						scale.y(value.applyAsDouble(point))));
		}
		svg.append(String.format(Locale.ROOT,
				"<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n", colour, path));
	}

	/** 1, 2 or 5 times a power of ten, at least the value. */
	static double niceCeiling(double value) {
		if (value <= 0) {
			return 1;
		}
		double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
		for (double factor : new double[] { 1, 2, 5, 10 }) {
			if (factor * magnitude >= value) {
				return factor * magnitude;
			}
		}
		return 10 * magnitude;
	}

	private static String format(double ms) {
		return (ms == Math.rint(ms)) ? String.valueOf((long) ms) : String.format(Locale.ROOT, "%.1f", ms);
	}

	private record Scale(int firstSecond, int lastSecond, double maxMs) {

		double x(int second) {
			return LEFT + (WIDTH - LEFT - RIGHT) * (second - this.firstSecond)
					/ (double) (this.lastSecond - this.firstSecond);
		}

		double y(double ms) {
			return HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * Math.min(ms, this.maxMs) / this.maxMs;
		}

	}

}
