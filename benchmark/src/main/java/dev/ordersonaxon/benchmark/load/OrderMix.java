package dev.ordersonaxon.benchmark.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * Shares of each kind of order. Approvals take whatever the other kinds leave; the
 * cancellations are split evenly between right after placing and after approval.
 *
 * @param creditExceeded share of orders over the customer's credit
 * @param outOfStock share of orders with a line that cannot be served
 * @param cancels share of orders the customer cancels
 */
record OrderMix(double creditExceeded, double outOfStock, double cancels) {

	static final OrderMix DEFAULT = new OrderMix(0.10, 0.05, 0.05);

	OrderMix {
		if (creditExceeded < 0 || outOfStock < 0 || cancels < 0 || creditExceeded + outOfStock + cancels > 1) {
			throw new IllegalArgumentException("shares must be non-negative and add up to at most 1: " + creditExceeded
					+ ", " + outOfStock + ", " + cancels);
		}
	}

	Map<OrderKind, Double> shares() {
		Map<OrderKind, Double> shares = new EnumMap<>(OrderKind.class);
		shares.put(OrderKind.APPROVE, 1 - this.creditExceeded - this.outOfStock - this.cancels);
		shares.put(OrderKind.CREDIT_EXCEEDED, this.creditExceeded);
		shares.put(OrderKind.OUT_OF_STOCK, this.outOfStock);
		shares.put(OrderKind.CANCEL_PENDING, this.cancels / 2);
		shares.put(OrderKind.CANCEL_APPROVED, this.cancels / 2);
		return shares;
	}

	OrderKind next(Random random) {
		double roll = random.nextDouble();
		double cumulative = 0;
		OrderKind last = OrderKind.APPROVE;
		for (Map.Entry<OrderKind, Double> share : shares().entrySet()) {
			if (share.getValue() <= 0) {
				continue;
			}
			cumulative += share.getValue();
			last = share.getKey();
			if (roll < cumulative) {
				return share.getKey();
			}
		}
		return last;
	}

}
