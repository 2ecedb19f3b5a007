package dev.ordersonaxon.api.order;

import java.time.Instant;
import java.util.List;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CustomerId;

/** An order as the read model sees it; the rejection reason is null unless rejected. */
public record OrderView(OrderId orderId, CustomerId customerId, List<OrderLine> lines, Money total, OrderStatus status,
		RejectionReason rejectionReason, Instant placedAt, Instant updatedAt) {

	public OrderView {
		lines = List.copyOf(lines);
	}

}
