package dev.ordersonaxon.eventstore.faults;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CausesTest {

	@Test
	void findsACauseAnyNumberOfWrappersDown() {
		SQLException deadlock = new SQLException("deadlock detected", "40P01");
		RuntimeException failure = new IllegalStateException("batch failed",
				new RuntimeException("command failed", deadlock));

		assertThat(Causes.find(failure, SQLException.class)).containsSame(deadlock);
		assertThat(Causes.anyMatch(failure,
				(cause) -> cause instanceof SQLException sql && "40P01".equals(sql.getSQLState())))
			.isTrue();
		assertThat(Causes.find(failure, IllegalArgumentException.class)).isEmpty();
	}

	@Test
	void endsOnALoopOfCauses() {
		RuntimeException first = new RuntimeException("first");
		RuntimeException second = new RuntimeException("second", first);
		first.initCause(second);

		assertThat(Causes.anyMatch(first, IllegalStateException.class::isInstance)).isFalse();
		assertThat(Causes.find(first, RuntimeException.class)).containsSame(first);
		assertThat(Causes.chain(first)).containsExactly(first, second);
		assertThat(Causes.chain(new SelfCaused())).hasSize(1);
	}

	@Test
	void chainsAFailureWithItsCausesOutermostFirst() {
		SQLException deadlock = new SQLException("deadlock detected", "40P01");
		RuntimeException command = new RuntimeException("command failed", deadlock);
		RuntimeException failure = new IllegalStateException("batch failed", command);

		assertThat(Causes.chain(failure)).containsExactly(failure, command, deadlock);
		assertThat(Causes.chain(deadlock)).containsExactly(deadlock);
	}

	/** A failure that names itself as its cause, as some libraries' do. */
	private static final class SelfCaused extends RuntimeException {

		@Override
		public synchronized Throwable getCause() {
			return this;
		}

	}

}
