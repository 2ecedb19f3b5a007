package dev.ordersonaxon.api.order;

import dev.ordersonaxon.api.customer.CustomerId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Cancels a pending or approved order at the customer's request.
 *
 * @param orderId the order
 * @param onlyFor when not {@code null}, the only customer whose order may be cancelled:
 * an order of another customer is answered as unknown
 */
public record CancelOrderCommand(@TargetAggregateIdentifier OrderId orderId, CustomerId onlyFor) {

	/** Cancels the order, whoever's it is. */
	public CancelOrderCommand(OrderId orderId) {
		this(orderId, null);
	}

}
