package dev.ordersonaxon.api.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Approves a pending order once credit and every line's stock are held. */
public record ApproveOrderCommand(@TargetAggregateIdentifier OrderId orderId) {

}
