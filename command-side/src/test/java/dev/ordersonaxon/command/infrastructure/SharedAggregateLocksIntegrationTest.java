package dev.ordersonaxon.command.infrastructure;

import dev.ordersonaxon.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes taking shared locks: a command waits for the other node's command on the same
 * customer to commit and brings its cached copy up to date with the other's events, so no
 * command ever loses a race and none is tried again.
 */
class SharedAggregateLocksIntegrationTest extends TwoNodeCreditRaces {

	@Override
	TestDatabase database() {
		return TestDatabase.create("command_shared_locks_it");
	}

	@Override
	String aggregateLocks() {
		return "shared";
	}

	@Override
	long retriesOfTheStaleNode() {
		return 0;
	}

	@Override
	long catchUpsOfTheStaleNode() {
		return 1;
	}

	@Override
	void afterTheRace(double retries) {
		assertThat(retries).isZero();
	}

}
