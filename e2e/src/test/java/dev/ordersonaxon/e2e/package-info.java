/** End-to-end tests: real processes, a real PostgreSQL, HTTP only. */
package dev.ordersonaxon.e2e;
