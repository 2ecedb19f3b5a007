/**
 * The REST edge's shared parts: problem responses for every error, the request body
 * limit, and commands sent with a time limit.
 */
package dev.ordersonaxon.command.web;
