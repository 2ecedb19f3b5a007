package dev.ordersonaxon.api.product;

/** Asks for one product's view; answered with an optional {@link ProductView}. */
public record FindProductQuery(ProductId productId) {

}
