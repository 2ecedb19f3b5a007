/** Orders and their lifecycle: the aggregate and its REST edge. */
package dev.ordersonaxon.command.order;
