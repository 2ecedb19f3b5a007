package dev.ordersonaxon.eventstore.faults;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletionException;

import org.axonframework.eventhandling.EventProcessingException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DeadlockLoserDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

class TransientFaultsTest {

	@Test
	void connectionFailuresAreTransient() {
		assertThat(TransientFaults.isTransient(new PSQLException("gone", PSQLState.CONNECTION_FAILURE))).isTrue();
		assertThat(TransientFaults.isTransient(new SQLTransientConnectionException("pool empty"))).isTrue();
		assertThat(TransientFaults.isTransient(new CannotGetJdbcConnectionException("no connection"))).isTrue();
	}

	@Test
	void serializationFailuresDeadlocksAndRestartsAreTransient() {
		assertThat(TransientFaults.isTransient(new SQLException("could not serialize", "40001"))).isTrue();
		assertThat(TransientFaults.isTransient(new SQLException("deadlock detected", "40P01"))).isTrue();
		assertThat(TransientFaults.isTransient(new SQLException("terminating connection", "57P01"))).isTrue();
		assertThat(TransientFaults.isTransient(new DeadlockLoserDataAccessException("deadlock", null))).isTrue();
	}

	@Test
	void aTransactionThatCouldNotBeRolledBackLostItsConnection() {
		// what a query met while PostgreSQL restarted: Hikari's closed connection has no
		// SQL state
		assertThat(TransientFaults.isTransient(new CompletionException(
				new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed")))))
			.isTrue();
	}

	@Test
	void aPlanCachedBeforeAColumnChangedTypeIsTransientButOtherUnsupportedFeaturesAreNot() {
		assertThat(TransientFaults
			.isTransient(new SQLException("ERROR: cached plan must not change result type", "0A000"))).isTrue();
		assertThat(TransientFaults.isTransient(new SQLException("ERROR: cannot use LIMIT here", "0A000"))).isFalse();
	}

	@Test
	void aLostRaceOnAnAggregateIsTransient() {
		assertThat(TransientFaults.isTransient(new ConcurrencyException("sequence taken"))).isTrue();
	}

	@Test
	void findsTheTransientCauseBehindWrappers() {
		Exception wrapped = new EventProcessingException("batch failed",
				new IllegalStateException("flush", new SQLException("deadlock detected", "40P01")));
		assertThat(TransientFaults.isTransient(wrapped)).isTrue();
	}

	@Test
	void faultsOfTheMessageItselfAreNotTransient() {
		assertThat(TransientFaults.isTransient(new SQLException("invalid byte sequence: 0x00", "22021"))).isFalse();
		assertThat(TransientFaults.isTransient(new SQLException("numeric field overflow", "22003"))).isFalse();
		assertThat(TransientFaults.isTransient(new DataIntegrityViolationException("duplicate"))).isFalse();
		assertThat(TransientFaults.isTransient(new NullPointerException())).isFalse();
		assertThat(TransientFaults.isTransient(new IllegalStateException("bug"))).isFalse();
	}

}
