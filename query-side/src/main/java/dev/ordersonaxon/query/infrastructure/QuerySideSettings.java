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
 * @param updatesHeartbeat how often an open stream sends a comment, so that a client that
 * went away is noticed
 * @param updatesPerClient most live-update streams one client address holds open at once
 * (behind a proxy, set {@code server.forward-headers-strategy} so that the address is the
 * client's, not the proxy's)
 * @param updatesTotal most live-update streams this node holds open at once
 */
@ConfigurationProperties("query-side")
public record QuerySideSettings(String nodeId, Duration updatesTimeout, Duration updatesHeartbeat,
		Integer updatesPerClient, Integer updatesTotal) {

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
		if (updatesPerClient == null) {
			updatesPerClient = 20;
		}
		if (updatesTotal == null) {
			updatesTotal = 1000;
		}
		if (updatesPerClient < 1 || updatesTotal < 1) {
			throw new IllegalArgumentException("query-side.updates-per-client and query-side.updates-total must be "
					+ "positive: " + updatesPerClient + ", " + updatesTotal);
		}
		if (updatesHeartbeat.isNegative() || updatesHeartbeat.isZero()) {
			throw new IllegalArgumentException("query-side.updates-heartbeat must be positive: " + updatesHeartbeat);
		}
	}

}
