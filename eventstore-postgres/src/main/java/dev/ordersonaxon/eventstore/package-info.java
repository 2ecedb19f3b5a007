/**
 * Axon's event store on PostgreSQL: bytea columns and LISTEN/NOTIFY wake-ups for event
 * processors.
 */
package dev.ordersonaxon.eventstore;
