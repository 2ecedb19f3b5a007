/** The REST edge's shared parts: problem responses for every error. */
package dev.ordersonaxon.command.web;
