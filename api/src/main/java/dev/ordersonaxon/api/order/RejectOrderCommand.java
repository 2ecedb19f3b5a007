package dev.ordersonaxon.api.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Rejects a pending order for the reason given. */
public record RejectOrderCommand(@TargetAggregateIdentifier OrderId orderId, RejectionReason reason) {

}
