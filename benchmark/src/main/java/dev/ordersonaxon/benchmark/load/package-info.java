/**
 * Load benchmark: places a realistic mix of orders and checks the invariants afterwards.
 */
package dev.ordersonaxon.benchmark.load;
