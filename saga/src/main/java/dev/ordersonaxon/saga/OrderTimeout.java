package dev.ordersonaxon.saga;

import dev.ordersonaxon.api.order.OrderId;

/** The payload of the saga's deadline: the order that ran out of time. */
record OrderTimeout(OrderId orderId) {
}
