/** The benchmark command line: modes, options, JSON over HTTP. */
package dev.ordersonaxon.benchmark;
