package dev.ordersonaxon.benchmark.load;

import java.util.Locale;

/** How the load sees an order reach its final state. */
enum Observation {

	/** One server-sent-event stream per order on {@code GET /api/orders/{id}/updates}. */
	SSE,

	/** Repeated {@code GET /api/orders/{id}}. */
	POLL;

	static Observation parse(String value) {
		for (Observation observation : values()) {
			if (observation.option().equals(value.trim().toLowerCase(Locale.ROOT))) {
				return observation;
			}
		}
		throw new IllegalArgumentException("--observe must be sse or poll, not '" + value + "'");
	}

	/** As written on the command line and in the report. */
	String option() {
		return name().toLowerCase(Locale.ROOT);
	}

}
