/**
 * Projection status and replay: positions, progress and rebuilding a view from the first
 * event.
 */
package dev.ordersonaxon.query.admin;
