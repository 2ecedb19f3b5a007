package dev.ordersonaxon.eventstore.faults;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

import org.axonframework.common.AxonTransientException;
import org.axonframework.modelling.command.ConcurrencyException;

import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a fault that goes away by itself from one that comes back every time the same
 * message is handled. Transient faults are retried with backoff (the whole batch rolls
 * back and its processor tries again); every other fault is the message's own and parks
 * it, so that it cannot hold up the messages behind it.
 * <p>
 * Transient: the database went away or refused a connection (SQLSTATE class 08, 57P01-03
 * on a restart, 53 when it runs out of resources), a serialization failure or deadlock
 * (40001, 40P01), a transaction aborted by an earlier failure (25P02, whose own cause is
 * what counts and was seen first), a lost race on an aggregate, a transaction that could
 * not be committed or rolled back for its connection's sake (Spring's
 * {@code TransactionSystemException}; a commit refused for the data is translated to a
 * data-access exception instead), a plan cached before a migration changed a column's
 * type, and whatever the JDBC driver, Spring or Axon mark as transient or recoverable.
 */
public final class TransientFaults {

	private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "57P01", "57P02", "57P03", "25P02",
			"55P03");

	private TransientFaults() {
	}

	/** Whether {@code failure}, or anything that caused it, is worth retrying as is. */
	public static boolean isTransient(Throwable failure) {
		return Causes.anyMatch(failure, TransientFaults::isTransientItself);
	}

	private static boolean isTransientItself(Throwable cause) {
		if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException
				|| cause instanceof TransientDataAccessException || cause instanceof RecoverableDataAccessException
				|| cause instanceof CannotGetJdbcConnectionException
				|| cause instanceof CannotCreateTransactionException || cause instanceof TransactionSystemException
				|| cause instanceof AxonTransientException || cause instanceof ConcurrencyException) {
			return true;
		}
		if (cause instanceof SQLException sql) {
			String state = sql.getSQLState();
			return state != null && (state.startsWith("08") || state.startsWith("53")
					|| TRANSIENT_STATES.contains(state) || isStalePlan(sql));
		}
		return false;
	}

	/**
	 * A statement prepared on a pooled connection before a migration changed a column's
	 * type: PostgreSQL refuses its cached plan once (0A000), the pool drops the
	 * connection, and the next try prepares it afresh.
	 */
	private static boolean isStalePlan(SQLException sql) {
		return "0A000".equals(sql.getSQLState()) && sql.getMessage() != null
				&& sql.getMessage().contains("cached plan must not change result type");
	}

}
