package dev.ordersonaxon.api.order;

import java.util.List;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CustomerId;

/** An order was placed and awaits credit and stock. */
public record OrderPlacedEvent(OrderId orderId, CustomerId customerId, List<OrderLine> lines, Money total) {

	public OrderPlacedEvent {
		lines = List.copyOf(lines);
	}

}
