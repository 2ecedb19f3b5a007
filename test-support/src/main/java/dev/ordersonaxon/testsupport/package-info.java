/** Helpers for tests that run against a real PostgreSQL server. */
package dev.ordersonaxon.testsupport;
