package dev.ordersonaxon.query.order;

import java.util.function.Predicate;

import dev.ordersonaxon.api.order.FindOrderQuery;
import dev.ordersonaxon.api.order.OrderId;
import org.axonframework.queryhandling.QueryUpdateEmitter;

/**
 * Sends the order's current view to this node's subscribers of {@link FindOrderQuery},
 * ending their subscriptions when the order is final, and to those of
 * {@link FollowCustomerOrdersQuery} for the order's customer. Inside a unit of work
 * Axon's emitter waits for it to commit. On its own this reaches only the subscribers of
 * the node that runs the projection: enough for one node, or a database without
 * notifications.
 */
class LocalOrderChanges implements OrderChanges {

	private final OrderViews views;

	private final QueryUpdateEmitter updates;

	LocalOrderChanges(OrderViews views, QueryUpdateEmitter updates) {
		this.views = views;
		this.updates = updates;
	}

	@Override
	public void changed(OrderId orderId) {
		Predicate<FindOrderQuery> sameOrder = (query) -> query.orderId().equals(orderId);
		this.views.find(orderId).ifPresent((view) -> {
			this.updates.emit(FindOrderQuery.class, sameOrder, view);
			this.updates.emit(FollowCustomerOrdersQuery.class, (query) -> query.customerId().equals(view.customerId()),
					view);
			if (view.status().isFinal()) {
				this.updates.complete(FindOrderQuery.class, sameOrder);
			}
		});
	}

}
