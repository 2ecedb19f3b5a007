package dev.ordersonaxon.api.order;

/**
 * Asks for one order's view; answered with an optional {@link OrderView}, and as a
 * subscription query with every later version of it.
 */
public record FindOrderQuery(OrderId orderId) {

}
