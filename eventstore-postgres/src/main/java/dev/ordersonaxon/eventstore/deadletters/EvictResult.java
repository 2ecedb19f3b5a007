package dev.ordersonaxon.eventstore.deadletters;

/**
 * What evicting one sequence did.
 *
 * @param evicted how many parked events were removed for good
 */
public record EvictResult(String group, String sequenceIdentifier, int evicted) {

}
