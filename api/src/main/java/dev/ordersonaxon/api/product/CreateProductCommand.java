package dev.ordersonaxon.api.product;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import dev.ordersonaxon.api.Money;

/** Lists a product with its price and initial stock. */
public record CreateProductCommand(@TargetAggregateIdentifier ProductId productId, String name, Money price,
		int stock) {

}
