/**
 * Safe retries with the {@code Idempotency-Key} request header: the first request's
 * answer is stored with a fingerprint of the request, in the transaction of the events it
 * caused, and a repeat gets the stored answer and appends nothing.
 */
package dev.ordersonaxon.command.idempotency;
