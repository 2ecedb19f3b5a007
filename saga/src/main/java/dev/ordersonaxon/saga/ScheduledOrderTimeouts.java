package dev.ordersonaxon.saga;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.RejectOrderCommand;
import dev.ordersonaxon.api.order.RejectionReason;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Order timeouts as db-scheduler executions in PostgreSQL, one per order, named by the
 * order's id. Scheduled and cancelled in the saga's transaction (through Spring's
 * transaction-bound connection), so a saga step and its timeout commit or roll back
 * together. An execution picked by a node that dies is revived by another node once its
 * heartbeats stop; one that fails (the order was being changed on another node) is tried
 * again with backoff.
 * <p>
 * The executions are written here, in one statement each, rather than through
 * db-scheduler's client, whose {@code scheduleIfNotExists} and {@code cancel} each read
 * the execution before writing it: two of the statements every order cost. The rows are
 * the ones the client would write (the scheduler's serializer for the data, version 1,
 * not picked), and the scheduler, which picks an execution only by a versioned update,
 * runs or skips them as its own.
 */
final class ScheduledOrderTimeouts implements OrderTimeouts {

	static final String TASK_NAME = "order-timeout";

	/** How the scheduler stores a task's data, so that it reads back what is written. */
	static final Serializer SERIALIZER = Serializer.DEFAULT_JAVA_SERIALIZER;

	private final JdbcOperations jdbc;

	private final String insert;

	private final String delete;

	private final String resource = ScheduledOrderTimeouts.class.getName() + "@" + System.identityHashCode(this);

	/**
	 * @param dataSource the saga's data source, whose transaction-bound connection the
	 * statements use
	 * @param tableName the scheduler's table
	 */
	ScheduledOrderTimeouts(DataSource dataSource, String tableName) {
		this.jdbc = new JdbcTemplate(dataSource);
		// ON CONFLICT DO NOTHING, without a conflict target: the one form PostgreSQL and
		// H2's PostgreSQL mode (./run.sh's embedded database) both accept
		this.insert = "INSERT INTO " + tableName
				+ " (task_name, task_instance, task_data, execution_time, picked, version)"
				+ " VALUES (?, ?, ?, ?, FALSE, 1) ON CONFLICT DO NOTHING";
		// one being run is left to run: it finds the order settled and does nothing
		this.delete = "DELETE FROM " + tableName + " WHERE task_name = ? AND task_instance = ? AND picked = FALSE";
	}

	/**
	 * The task that fires a timeout: it rejects the order, which is ignored when the
	 * order is settled; an order that does not exist has nothing to reject. The rejection
	 * names who caused the order (a timeout stored before causes were kept names no one).
	 */
	static OneTimeTask<TimeoutCause> task(CommandGateway commandGateway, Duration commandTimeout) {
		return Tasks.oneTime(TASK_NAME, TimeoutCause.class)
			.onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1)))
			.onDeadExecutionRevive()
			.execute((instance, context) -> {
				try {
					TimeoutCause cause = instance.getData();
					commandGateway
						.sendAndWait(
								GenericCommandMessage
									.asCommandMessage(new RejectOrderCommand(new OrderId(instance.getId()),
											RejectionReason.TIMEOUT))
									.andMetaData((cause != null) ? cause.metadata() : Map.of()),
								commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (RuntimeException ex) {
					if (!SagaCommands.isNotFound(ex)) {
						throw ex;
					}
				}
			});
	}

	/**
	 * Within a unit of work, the execution is written as it is about to commit, and not
	 * at all if the order's timeout was cancelled in it meanwhile: an order decided in
	 * the batch that saw it placed never needs one.
	 */
	@Override
	public void schedule(OrderId orderId, Duration after) {
		Object[] execution = { TASK_NAME, orderId.value(), SERIALIZER.serialize(TimeoutCause.ofCurrentMessage()),
				OffsetDateTime.ofInstant(Instant.now().plus(after), ZoneOffset.UTC) };
		Map<String, Object[]> unwritten = unwritten();
		if (unwritten == null) {
			this.jdbc.update(this.insert, execution);
			return;
		}
		unwritten.putIfAbsent(orderId.value(), execution);
	}

	/**
	 * Cancels the order's timeout; one scheduled in the same unit of work is dropped
	 * before it was written. (Written, it could not have replaced an execution of the
	 * order already stored, which only an earlier transaction can have written: the saga
	 * schedules once, as the order is placed.)
	 */
	@Override
	public void cancel(OrderId orderId) {
		Map<String, Object[]> unwritten = unwritten();
		if (unwritten != null && unwritten.remove(orderId.value()) != null) {
			return;
		}
		this.jdbc.update(this.delete, TASK_NAME, orderId.value());
	}

	/**
	 * The executions scheduled in the current unit of work and not written yet, or null
	 * where they are written at once: outside a unit of work, or one already committing.
	 */
	private Map<String, Object[]> unwritten() {
		if (!CurrentUnitOfWork.isStarted()) {
			return null;
		}
		UnitOfWork<?> root = CurrentUnitOfWork.get().root();
		Map<String, Object[]> unwritten = root.getResource(this.resource);
		if (unwritten != null || root.phase() != UnitOfWork.Phase.STARTED) {
			return unwritten;
		}
		Map<String, Object[]> executions = new LinkedHashMap<>();
		root.resources().put(this.resource, executions);
		root.onPrepareCommit((committing) -> {
			// from here on, what is scheduled is written at once
			root.resources().remove(this.resource);
			executions.values().forEach((execution) -> this.jdbc.update(this.insert, execution));
		});
		return executions;
	}

}
