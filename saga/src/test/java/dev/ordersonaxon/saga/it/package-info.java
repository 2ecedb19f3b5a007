/** The saga module's wiring, started in a small Spring Boot application on PostgreSQL. */
package dev.ordersonaxon.saga.it;
