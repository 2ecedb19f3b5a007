/**
 * Operating the projections: positions, progress and replay of each view, and the events
 * they parked (list, retry, evict).
 */
package dev.ordersonaxon.query.admin;
