/** Event store, serialization and command dispatch set-up for PostgreSQL. */
package dev.ordersonaxon.command.infrastructure;
