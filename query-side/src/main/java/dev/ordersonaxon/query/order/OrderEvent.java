package dev.ordersonaxon.query.order;

import java.time.Instant;
import java.util.Map;

/**
 * One event of an order's stream as the history endpoint shows it; {@code metadata} holds
 * who caused it and how ({@link dev.ordersonaxon.api.AuditMetadata}).
 */
record OrderEvent(long sequenceNumber, String type, Instant timestamp, Map<String, String> metadata, Object payload) {

}
