package dev.ordersonaxon.eventstore.deadletters;

import java.util.List;

/**
 * What retrying one sequence did.
 *
 * @param succeeded whether every parked event of the sequence was handled and removed
 * @param remaining how many of its events are still parked
 * @param deadLetters those events, with the cause of the retry's failure on the first
 * @param error why the retry itself could not run (e.g. the database went away), with
 * nothing changed; {@code null} otherwise
 */
public record RetryResult(String group, String sequenceIdentifier, boolean succeeded, long remaining,
		List<DeadLetterItem> deadLetters, String error) {

}
