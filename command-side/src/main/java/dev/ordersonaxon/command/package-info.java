/**
 * The command-side application: aggregates by feature, the REST edge and the event store
 * set-up.
 */
package dev.ordersonaxon.command;
