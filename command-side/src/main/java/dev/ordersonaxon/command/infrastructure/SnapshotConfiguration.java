package dev.ordersonaxon.command.infrastructure;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Customers and products collect events with every order, and without a cache (which
 * several nodes cannot share) each command would rebuild them from all of them. A
 * snapshot every so many events bounds that work; it is stored next to the events and is
 * safe whichever node reads it.
 */
@Configuration(proxyBeanMethods = false)
class SnapshotConfiguration {

	/** Referenced by name from {@code @Aggregate(snapshotTriggerDefinition = ...)}. */
	static final String TRIGGER = "aggregateSnapshotTrigger";

	@Bean(TRIGGER)
	SnapshotTriggerDefinition aggregateSnapshotTrigger(Snapshotter snapshotter,
			@Value("${orders.command.snapshot-threshold:100}") int threshold) {
		return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
	}

}
