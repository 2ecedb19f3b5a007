/** End-to-end and fault-injection tests: real processes, a real PostgreSQL, HTTP. */
package dev.ordersonaxon.e2e;
