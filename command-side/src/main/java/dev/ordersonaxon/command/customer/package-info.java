/** Customers and their credit: the aggregate and its REST edge. */
package dev.ordersonaxon.command.customer;
