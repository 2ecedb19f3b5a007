package dev.ordersonaxon.query.order;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.ordersonaxon.api.order.FindOrderQuery;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderView;
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

	/** Orders whose views one query reads. */
	static final int READ_CHUNK = 500;

	private final OrderViews views;

	private final QueryUpdateEmitter updates;

	LocalOrderChanges(OrderViews views, QueryUpdateEmitter updates) {
		this.views = views;
		this.updates = updates;
	}

	@Override
	public void changed(OrderId orderId) {
		this.views.find(orderId).ifPresent(this::send);
	}

	/**
	 * The same for committed changes of many orders, in their order, their views read
	 * {@value #READ_CHUNK} to a query. Nothing is read while this node has no subscriber:
	 * one that subscribes later reads the current views itself.
	 */
	void changed(Collection<OrderId> orderIds) {
		if (this.updates.activeSubscriptions().isEmpty()) {
			return;
		}
		List<OrderId> chunk = new ArrayList<>(READ_CHUNK);
		for (OrderId orderId : orderIds) {
			chunk.add(orderId);
			if (chunk.size() == READ_CHUNK) {
				sendAll(chunk);
				chunk.clear();
			}
		}
		sendAll(chunk);
	}

	private void sendAll(List<OrderId> orderIds) {
		if (orderIds.isEmpty()) {
			return;
		}
		Map<OrderId, OrderView> found = this.views.findAll(orderIds);
		for (OrderId orderId : orderIds) {
			OrderView view = found.get(orderId);
			if (view != null) {
				send(view);
			}
		}
	}

	private void send(OrderView view) {
		Predicate<FindOrderQuery> sameOrder = (query) -> query.orderId().equals(view.orderId());
		this.updates.emit(FindOrderQuery.class, sameOrder, view);
		this.updates.emit(FollowCustomerOrdersQuery.class, (query) -> query.customerId().equals(view.customerId()),
				view);
		if (view.status().isFinal()) {
			this.updates.complete(FindOrderQuery.class, sameOrder);
		}
	}

}
