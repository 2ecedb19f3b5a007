/** PostgreSQL's own limit: pgbench with an insert shaped like an event row. */
package dev.ordersonaxon.benchmark.baseline;
