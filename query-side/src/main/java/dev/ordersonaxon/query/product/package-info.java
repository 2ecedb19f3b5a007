/** The product stock view: its projection, storage, query handlers and REST endpoints. */
package dev.ordersonaxon.query.product;
