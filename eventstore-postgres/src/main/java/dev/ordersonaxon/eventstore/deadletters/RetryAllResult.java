package dev.ordersonaxon.eventstore.deadletters;

/**
 * What retrying every parked sequence (of one group, or of all) did.
 *
 * @param sequences how many sequences were retried
 * @param succeeded how many of them were handled completely and removed
 * @param failed how many are still parked
 * @param remaining how many events are still parked in the groups retried
 */
public record RetryAllResult(int sequences, int succeeded, int failed, long remaining) {

}
