package dev.ordersonaxon.query.infrastructure;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of this query-side node.
 *
 * @param nodeId how this node signs its token claims; must differ between nodes (defaults
 * to the JVM's name, {@code pid@host})
 * @param updatesTimeout how long a live-update stream stays open at most
 */
@ConfigurationProperties("query-side")
public record QuerySideSettings(String nodeId, Duration updatesTimeout, Duration updatesHeartbeat) {

	public QuerySideSettings {
		if (nodeId == null || nodeId.isBlank()) {
			nodeId = ManagementFactory.getRuntimeMXBean().getName();
		}
		if (updatesTimeout == null) {
			updatesTimeout = Duration.ofMinutes(10);
		}
		if (updatesHeartbeat == null) {
			updatesHeartbeat = Duration.ofSeconds(15);
		}
		if (updatesHeartbeat.isNegative() || updatesHeartbeat.isZero()) {
			throw new IllegalArgumentException("query-side.updates-heartbeat must be positive: " + updatesHeartbeat);
		}
	}

}
