/**
 * Axon, persistence and web set-up shared by the features: transactions, batching,
 * problem responses.
 */
package dev.ordersonaxon.query.infrastructure;
