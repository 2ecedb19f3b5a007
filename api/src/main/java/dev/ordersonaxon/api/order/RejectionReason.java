package dev.ordersonaxon.api.order;

/** Why an order was rejected, or a line of it refused. */
public enum RejectionReason {

	CREDIT_LIMIT_EXCEEDED, OUT_OF_STOCK, PRICE_CHANGED, UNKNOWN_CUSTOMER, UNKNOWN_PRODUCT, TIMEOUT

}
