package dev.ordersonaxon.command.infrastructure;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Customers and products collect events with every order; a node that has not cached one
 * (or has evicted it) would otherwise rebuild it from all of them for a command. A
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
