package dev.ordersonaxon.query.order;

import java.util.Optional;

import dev.ordersonaxon.api.PageView;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderStatus;
import dev.ordersonaxon.api.order.OrderView;

/** Where the order views are kept. */
interface OrderViews {

	Optional<OrderView> find(OrderId orderId);

	void save(OrderView view);

	/** Orders newest first; a null filter matches every order. */
	PageView<OrderView> page(CustomerId customerId, OrderStatus status, int page, int size);

	void deleteAll();

}
