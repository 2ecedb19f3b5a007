package dev.ordersonaxon.api.product;

/** Asks for a page of products, ordered by name. */
public record FindProductsQuery(int page, int size) {

}
