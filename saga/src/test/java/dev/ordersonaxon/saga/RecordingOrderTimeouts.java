package dev.ordersonaxon.saga;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ordersonaxon.api.order.OrderId;

/** Order timeouts that only remember what the saga asked of them. */
class RecordingOrderTimeouts implements OrderTimeouts {

	private final Map<OrderId, Duration> scheduled = new LinkedHashMap<>();

	private final List<OrderId> cancelled = new ArrayList<>();

	@Override
	public void schedule(OrderId orderId, Duration after) {
		this.scheduled.putIfAbsent(orderId, after);
	}

	@Override
	public void cancel(OrderId orderId) {
		this.cancelled.add(orderId);
	}

	Map<OrderId, Duration> scheduled() {
		return this.scheduled;
	}

	List<OrderId> cancelled() {
		return this.cancelled;
	}

}
