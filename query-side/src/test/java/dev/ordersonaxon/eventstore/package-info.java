/**
 * A stand-in for the command side in query-side tests: it owns and appends to the event
 * store.
 */
package dev.ordersonaxon.eventstore;
