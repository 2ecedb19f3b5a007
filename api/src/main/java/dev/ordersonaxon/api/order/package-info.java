/** Orders and their lifecycle: commands, events, queries and views. */
package dev.ordersonaxon.api.order;
