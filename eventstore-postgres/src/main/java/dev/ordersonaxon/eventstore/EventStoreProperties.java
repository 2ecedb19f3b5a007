package dev.ordersonaxon.eventstore;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How event processors learn about new events: a PostgreSQL notification channel that the
 * event table's insert trigger signals, and a poll interval as the fallback (and the only
 * mechanism on databases without LISTEN/NOTIFY).
 */
@ConfigurationProperties("orders.event-store")
public record EventStoreProperties(@DefaultValue("1s") Duration pollInterval,
		@DefaultValue("true") boolean listenForNotifications, @DefaultValue("domain_events") String channel) {

}
