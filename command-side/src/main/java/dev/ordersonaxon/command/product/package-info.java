/** Products and their stock: the aggregate and its REST edge. */
package dev.ordersonaxon.command.product;
