/** Customers and their credit: commands, events, queries and views. */
package dev.ordersonaxon.api.customer;
