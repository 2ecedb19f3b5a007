/**
 * The order saga: credit and stock reservation, compensation, deadlines and their wiring.
 */
package dev.ordersonaxon.saga;
