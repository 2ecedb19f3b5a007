/** The order view, its live updates and the order's event history. */
package dev.ordersonaxon.query.order;
