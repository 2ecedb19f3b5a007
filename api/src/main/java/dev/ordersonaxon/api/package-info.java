/** The message contract shared by every process: value types and error codes. */
package dev.ordersonaxon.api;
