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
 * @param updatesResumeMargin how far before the time a customer's order stream resumes
 * from ({@code since} or {@code Last-Event-ID}) it looks for changes: a change is stamped
 * when its command runs and reaches the view when its transaction has committed, so one
 * stamped earlier than a change already sent may be projected after it
 * @param updatesSnapshotMax most orders a customer's order stream sends before its live
 * changes; a stream that would send more is refused
 */
@ConfigurationProperties("query-side")
public record QuerySideSettings(String nodeId, Duration updatesTimeout, Duration updatesHeartbeat,
		Integer updatesPerClient, Integer updatesTotal, Duration updatesResumeMargin, Integer updatesSnapshotMax) {

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
		if (updatesResumeMargin == null) {
			updatesResumeMargin = Duration.ofMinutes(1);
		}
		if (updatesSnapshotMax == null) {
			updatesSnapshotMax = 1000;
		}
		if (updatesResumeMargin.isNegative() || updatesSnapshotMax < 1) {
			throw new IllegalArgumentException("query-side.updates-resume-margin must not be negative and "
					+ "query-side.updates-snapshot-max must be positive: " + updatesResumeMargin + ", "
					+ updatesSnapshotMax);
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
