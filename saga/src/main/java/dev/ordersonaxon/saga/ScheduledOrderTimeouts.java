package dev.ordersonaxon.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.RejectOrderCommand;
import dev.ordersonaxon.api.order.RejectionReason;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * Order timeouts as db-scheduler executions in PostgreSQL, one per order, named by the
 * order's id. Scheduled and cancelled in the saga's transaction (the scheduler's data
 * source takes part in Spring's transaction), so a saga step and its timeout commit or
 * roll back together. An execution picked by a node that dies is revived by another node
 * once its heartbeats stop; one that fails (the order was being changed on another node)
 * is tried again with backoff.
 */
final class ScheduledOrderTimeouts implements OrderTimeouts {

	static final String TASK_NAME = "order-timeout";

	private final SchedulerClient scheduler;

	private final OneTimeTask<TimeoutCause> task;

	ScheduledOrderTimeouts(SchedulerClient scheduler, OneTimeTask<TimeoutCause> task) {
		this.scheduler = scheduler;
		this.task = task;
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

	@Override
	public void schedule(OrderId orderId, Duration after) {
		this.scheduler.scheduleIfNotExists(this.task.instance(orderId.value(), TimeoutCause.ofCurrentMessage()),
				Instant.now().plus(after));
	}

	@Override
	public void cancel(OrderId orderId) {
		try {
			this.scheduler.cancel(TaskInstanceId.of(TASK_NAME, orderId.value()));
		}
		catch (TaskInstanceNotFoundException | TaskInstanceCurrentlyExecutingException ex) {
			// fired, or firing now: either way it finds the order settled and does
			// nothing
		}
	}

}
