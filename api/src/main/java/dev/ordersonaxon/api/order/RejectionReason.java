package dev.ordersonaxon.api.order;

/**
 * Why an order was rejected, or a line of it refused. {@code PROCESSING_FAILED}: handling
 * one of the order's events kept failing, and its events are parked for an operator.
 */
public enum RejectionReason {

	CREDIT_LIMIT_EXCEEDED, OUT_OF_STOCK, PRICE_CHANGED, UNKNOWN_CUSTOMER, UNKNOWN_PRODUCT, TIMEOUT, PROCESSING_FAILED

}
