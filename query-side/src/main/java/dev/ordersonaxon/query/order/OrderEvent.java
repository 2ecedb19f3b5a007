package dev.ordersonaxon.query.order;

import java.time.Instant;

/** One event of an order's stream as the history endpoint shows it. */
record OrderEvent(long sequenceNumber, String type, Instant timestamp, Object payload) {

}
