package dev.ordersonaxon.api.order;

/** An order was rejected; whatever it had reserved is given back. */
public record OrderRejectedEvent(OrderId orderId, RejectionReason reason) {

}
