/**
 * The audit trail: who caused each event, in its metadata.
 */
package dev.ordersonaxon.command.audit;
