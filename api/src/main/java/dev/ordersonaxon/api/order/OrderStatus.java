package dev.ordersonaxon.api.order;

/** Where an order stands: PENDING until the saga approves or rejects it. */
public enum OrderStatus {

	PENDING, APPROVED, REJECTED, CANCELLED;

	public boolean isFinal() {
		return this == REJECTED || this == CANCELLED;
	}

}
