/**
 * Parked messages, shared by both applications: Axon's JDBC dead-letter queue with sound
 * paging, the policy that parks a message's own failures and retries transient ones,
 * operator views of what is parked (list, retry, evict), and its health and metric.
 */
package dev.ordersonaxon.eventstore.deadletters;
