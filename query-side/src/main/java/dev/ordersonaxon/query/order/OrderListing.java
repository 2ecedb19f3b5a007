package dev.ordersonaxon.query.order;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderView;

/**
 * A run of orders, newest first, and whether more follow it.
 *
 * @param content the orders
 * @param more whether orders follow the last one
 * @param totalElements how many orders match the filters, or null when not counted
 */
record OrderListing(List<OrderView> content, boolean more, Long totalElements) {

	OrderListing {
		content = List.copyOf(content);
	}

	/** Where the list goes on, if it does. */
	Optional<Key> next() {
		if (!this.more || this.content.isEmpty()) {
			return Optional.empty();
		}
		OrderView last = this.content.get(this.content.size() - 1);
		return Optional.of(new Key(last.placedAt(), last.orderId()));
	}

	/** An order's place in the list: newest first, then by id, descending. */
	record Key(Instant placedAt, OrderId orderId) {

	}

}
