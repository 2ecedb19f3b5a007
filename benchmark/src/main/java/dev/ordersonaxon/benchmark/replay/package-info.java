/**
 * Replay benchmark: seeds order histories through Axon's event store and times a full
 * rebuild.
 */
package dev.ordersonaxon.benchmark.replay;
