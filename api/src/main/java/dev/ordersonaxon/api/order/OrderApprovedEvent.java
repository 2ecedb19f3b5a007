package dev.ordersonaxon.api.order;

/** An order got its credit and stock and is approved. */
public record OrderApprovedEvent(OrderId orderId) {

}
