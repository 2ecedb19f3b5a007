package dev.ordersonaxon.api.product;

import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.RejectionReason;

/** Stock for an order was refused, for the reason given. */
public record StockReservationRejectedEvent(ProductId productId, OrderId orderId, int quantity,
		RejectionReason reason) {

}
