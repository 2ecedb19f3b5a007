package dev.ordersonaxon.query.order;

import dev.ordersonaxon.api.order.OrderId;

/** Where the orders projection says that an order's view changed. */
interface OrderChanges {

	void changed(OrderId orderId);

}
