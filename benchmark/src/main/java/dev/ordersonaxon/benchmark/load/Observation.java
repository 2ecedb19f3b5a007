package dev.ordersonaxon.benchmark.load;

import java.util.Locale;

/** How the load sees an order reach its final state. */
enum Observation {

	/**
	 * One server-sent-event stream per customer on
	 * {@code GET /api/orders/updates?customerId=}, open for the whole run.
	 */
	PER_CUSTOMER("per-customer"),

	/**
	 * One server-sent-event stream per order on {@code GET /api/orders/{id}/updates}
	 * ({@code sse} before customer streams existed).
	 */
	PER_ORDER("per-order"),

	/** Repeated {@code GET /api/orders/{id}}. */
	POLL("poll");

	private final String option;

	Observation(String option) {
		this.option = option;
	}

	static Observation parse(String value) {
		String option = value.trim().toLowerCase(Locale.ROOT);
		if ("sse".equals(option)) {
			return PER_ORDER;
		}
		for (Observation observation : values()) {
			if (observation.option.equals(option)) {
				return observation;
			}
		}
		throw new IllegalArgumentException("--observe must be per-customer, per-order or poll, not '" + value + "'");
	}

	/** As written on the command line and in the report. */
	String option() {
		return this.option;
	}

	/** Whether final states arrive on server-sent-event streams. */
	boolean streamed() {
		return this != POLL;
	}

}
