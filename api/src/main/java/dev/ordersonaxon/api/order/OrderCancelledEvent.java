package dev.ordersonaxon.api.order;

import java.util.List;

import dev.ordersonaxon.api.customer.CustomerId;

/**
 * An order was cancelled. It carries what was ordered and the status it left, so that an
 * approved order's reservations can be given back.
 */
public record OrderCancelledEvent(OrderId orderId, CustomerId customerId, List<OrderLine> lines,
		OrderStatus previousStatus) {

	public OrderCancelledEvent {
		lines = List.copyOf(lines);
	}

}
