/**
 * Which failures of a message handler are the database's passing trouble, to be retried,
 * and which are the message's own, to be parked.
 */
package dev.ordersonaxon.eventstore.faults;
