/**
 * Axon's storage on PostgreSQL over plain JDBC: events, snapshots, tokens and sagas in
 * Flyway's snake_case tables, timestamps read once per row, unique-key violations
 * reported as concurrent appends, Axon bound to Spring's transactions, and LISTEN/NOTIFY
 * wake-ups for event processors.
 */
package dev.ordersonaxon.eventstore;
