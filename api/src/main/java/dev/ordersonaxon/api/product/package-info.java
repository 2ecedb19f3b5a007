/** Products and their stock: commands, events, queries and views. */
package dev.ordersonaxon.api.product;
