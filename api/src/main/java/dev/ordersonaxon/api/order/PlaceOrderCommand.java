package dev.ordersonaxon.api.order;

import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import dev.ordersonaxon.api.customer.CustomerId;

/** Places an order for a customer; the order saga takes it from there. */
public record PlaceOrderCommand(@TargetAggregateIdentifier OrderId orderId, CustomerId customerId,
		List<OrderLine> lines) {

	public PlaceOrderCommand {
		lines = List.copyOf(lines);
	}

}
