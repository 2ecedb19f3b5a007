package dev.ordersonaxon.command.infrastructure;

import dev.ordersonaxon.testsupport.TestDatabase;

/**
 * Two nodes racing with Axon's lock, in each JVM, only (what {@code auto} chooses when
 * the saga runs in one segment): a stale cached customer loses the race on the unique key
 * and its command is tried again on the stored stream.
 */
class CreditConcurrencyIntegrationTest extends TwoNodeCreditRaces {

	@Override
	TestDatabase database() {
		return TestDatabase.create("command_race_it");
	}

	@Override
	String aggregateLocks() {
		return "local";
	}

	@Override
	long retriesOfTheStaleNode() {
		return 1;
	}

	@Override
	long catchUpsOfTheStaleNode() {
		return 0;
	}

}
