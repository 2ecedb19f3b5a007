package dev.ordersonaxon.api.order;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.product.ProductId;

/** One product of an order, at the unit price the customer was quoted. */
public record OrderLine(ProductId productId, int quantity, Money unitPrice) {

	public Money lineTotal() {
		return this.unitPrice.times(this.quantity);
	}

}
