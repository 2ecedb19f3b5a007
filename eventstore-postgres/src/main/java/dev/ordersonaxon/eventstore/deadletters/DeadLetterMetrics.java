package dev.ordersonaxon.eventstore.deadletters;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Gauge {@code orders.dead.letters}, tagged {@code group}: the events each processing
 * group has parked. Counted in the database when read.
 */
public class DeadLetterMetrics implements MeterBinder {

	public static final String NAME = "orders.dead.letters";

	private final DeadLetters deadLetters;

	public DeadLetterMetrics(DeadLetters deadLetters) {
		this.deadLetters = deadLetters;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String group : this.deadLetters.groups()) {
			Gauge.builder(NAME, () -> count(group))
				.tag("group", group)
				.description("Events parked by the processing group, waiting for an operator")
				.register(registry);
		}
	}

	private double count(String group) {
		try {
			return this.deadLetters.count(group);
		}
		catch (RuntimeException unavailable) {
			return Double.NaN;
		}
	}

}
