/**
 * The query-side application: projections, query handlers and the query REST API by
 * feature.
 */
package dev.ordersonaxon.query;
