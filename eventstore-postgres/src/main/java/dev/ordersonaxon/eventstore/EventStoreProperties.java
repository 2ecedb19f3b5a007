package dev.ordersonaxon.eventstore;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the event store is and how processors read it: the schema of its tables (the
 * query side reads the command side's), rows per fetch, and how processors learn about
 * new events: a PostgreSQL notification channel that the event table's insert trigger
 * signals, and a poll interval as the fallback (and the only mechanism on databases
 * without LISTEN/NOTIFY).
 *
 * @param schema schema of the event and snapshot tables; empty for the connection's
 * search path
 * @param fetchSize events read per query, by aggregate loads and by tracking processors
 * @param pollInterval how often processors look for new events when nothing woke them
 * @param listenForNotifications whether to LISTEN for the insert trigger's notifications
 * @param channel the notification channel
 * @param gapTimeout on databases other than PostgreSQL, how long a missing global index
 * is waited for; on PostgreSQL a missing index is waited for exactly as long as a
 * transaction that may fill it is open
 */
@ConfigurationProperties("orders.event-store")
public record EventStoreProperties(@DefaultValue("event_store") String schema, @DefaultValue("100") int fetchSize,
		@DefaultValue("1s") Duration pollInterval, @DefaultValue("true") boolean listenForNotifications,
		@DefaultValue("domain_events") String channel, @DefaultValue("60s") Duration gapTimeout) {

	public EventStoreProperties {
		if (fetchSize < 1) {
			throw new IllegalArgumentException("orders.event-store.fetch-size must be at least 1: " + fetchSize);
		}
	}

}
