package dev.ordersonaxon.command.order;

import dev.ordersonaxon.api.order.OrderStatus;

record OrderStatusResponse(String orderId, OrderStatus status) {

}
