package dev.ordersonaxon.api.product;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds stock to a product. */
public record RestockProductCommand(@TargetAggregateIdentifier ProductId productId, int quantity) {

}
