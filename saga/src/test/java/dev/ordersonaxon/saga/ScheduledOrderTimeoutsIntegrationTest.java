package dev.ordersonaxon.saga;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.testsupport.TestDatabase;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The timeouts' own statements against the scheduler's table in PostgreSQL: db-scheduler
 * must run what they write as if it had written it, and they must keep the first of two
 * schedules and leave a running execution alone.
 */
class ScheduledOrderTimeoutsIntegrationTest {

	private static final String TABLE = "event_store.scheduled_tasks";

	private static final TestDatabase database = TestDatabase.create("saga_timeouts");

	private static DriverManagerDataSource dataSource;

	private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);

	private final TransactionTemplate transaction = new TransactionTemplate(
			new DataSourceTransactionManager(dataSource));

	private final ScheduledOrderTimeouts timeouts = new ScheduledOrderTimeouts(dataSource, TABLE);

	@BeforeAll
	static void createTable() {
		dataSource = new DriverManagerDataSource(database.jdbcUrl(), database.user(), database.password());
		new ResourceDatabasePopulator(new ClassPathResource("scheduled-tasks.sql")).execute(dataSource);
	}

	@BeforeEach
	void emptyTable() {
		this.jdbc.update("DELETE FROM " + TABLE);
	}

	@Test
	void writesAnExecutionTheSchedulerRunsWithTheCauseItWasScheduledFor() {
		List<String> fired = new CopyOnWriteArrayList<>();
		OneTimeTask<TimeoutCause> task = Tasks.oneTime(ScheduledOrderTimeouts.TASK_NAME, TimeoutCause.class)
			.execute((instance, context) -> fired.add(instance.getId() + " " + instance.getData().metadata()));
		this.transaction.executeWithoutResult((status) -> {
			DefaultUnitOfWork<?> placing = DefaultUnitOfWork
				.startAndGet(GenericEventMessage.asEventMessage("placed").andMetaData(Map.of("principal", "carl")));
			placing.registerCorrelationDataProvider(new SimpleCorrelationDataProvider("principal"));
			placing.execute(() -> this.timeouts.schedule(new OrderId("o-1"), Duration.ZERO));
		});

		Scheduler scheduler = Scheduler.create(dataSource, task)
			.tableName(TABLE)
			.serializer(ScheduledOrderTimeouts.SERIALIZER)
			.pollingInterval(Duration.ofMillis(100))
			.build();
		scheduler.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> !fired.isEmpty());
		}
		finally {
			scheduler.stop();
		}
		assertThat(fired).containsExactly("o-1 {principal=carl}");
		assertThat(executions("o-1")).isZero();
	}

	@Test
	void keepsTheFirstOfTwoSchedules() {
		Instant before = Instant.now();
		this.transaction.executeWithoutResult((status) -> {
			this.timeouts.schedule(new OrderId("o-2"), Duration.ofMinutes(1));
			this.timeouts.schedule(new OrderId("o-2"), Duration.ofMinutes(30));
		});

		assertThat(executions("o-2")).isOne();
		assertThat(executionTime("o-2")).isBetween(before.plus(1, ChronoUnit.MINUTES),
				Instant.now().plus(1, ChronoUnit.MINUTES));
	}

	@Test
	void schedulesNothingWhenTheSagasTransactionRollsBack() {
		this.transaction.executeWithoutResult((status) -> {
			this.timeouts.schedule(new OrderId("o-3"), Duration.ofMinutes(1));
			status.setRollbackOnly();
		});

		assertThat(executions("o-3")).isZero();
	}

	@Test
	void cancelsAWaitingExecutionAndOnlyThatOne() {
		this.transaction.executeWithoutResult((status) -> {
			this.timeouts.schedule(new OrderId("o-4"), Duration.ofMinutes(1));
			this.timeouts.schedule(new OrderId("o-5"), Duration.ofMinutes(1));
		});

		this.transaction.executeWithoutResult((status) -> this.timeouts.cancel(new OrderId("o-4")));

		assertThat(executions("o-4")).isZero();
		assertThat(executions("o-5")).isOne();
	}

	@Test
	void leavesAnExecutionBeingRunAndIgnoresOneThatIsGone() {
		this.transaction.executeWithoutResult((status) -> this.timeouts.schedule(new OrderId("o-6"), Duration.ZERO));
		this.jdbc.update("UPDATE " + TABLE + " SET picked = TRUE, version = version + 1 WHERE task_instance = 'o-6'");

		this.transaction.executeWithoutResult((status) -> {
			this.timeouts.cancel(new OrderId("o-6"));
			this.timeouts.cancel(new OrderId("never-scheduled"));
		});

		assertThat(executions("o-6")).isOne();
	}

	@Test
	void writesWhatAUnitOfWorkSchedulesAsItCommits() {
		this.transaction.executeWithoutResult((status) -> {
			DefaultUnitOfWork<?> saga = DefaultUnitOfWork.startAndGet(null);
			this.timeouts.schedule(new OrderId("o-7"), Duration.ofMinutes(1));
			assertThat(executions("o-7")).isZero();
			saga.commit();
			assertThat(executions("o-7")).isOne();
		});

		assertThat(executions("o-7")).isOne();
	}

	@Test
	void writesNothingForATimeoutScheduledAndCancelledInOneUnitOfWork() {
		this.transaction.executeWithoutResult((status) -> {
			DefaultUnitOfWork.startAndGet(null).execute(() -> {
				this.timeouts.schedule(new OrderId("o-8"), Duration.ofMinutes(1));
				this.timeouts.schedule(new OrderId("o-9"), Duration.ofMinutes(1));
				this.timeouts.cancel(new OrderId("o-8"));
			});
			// rows this transaction inserted into the table, whether still there or not
			assertThat(this.jdbc
				.queryForObject("SELECT n_tup_ins FROM pg_stat_xact_user_tables WHERE schemaname = 'event_store'"
						+ " AND relname = 'scheduled_tasks'", Long.class))
				.isOne();
		});

		assertThat(executions("o-8")).isZero();
		assertThat(executions("o-9")).isOne();
	}

	@Test
	void writesNothingWhenTheUnitOfWorkRollsBack() {
		this.transaction.executeWithoutResult((status) -> {
			DefaultUnitOfWork<?> saga = DefaultUnitOfWork.startAndGet(null);
			this.timeouts.schedule(new OrderId("o-10"), Duration.ofMinutes(1));
			saga.rollback();
		});

		assertThat(executions("o-10")).isZero();
	}

	private int executions(String orderId) {
		return this.jdbc.queryForObject("SELECT count(*) FROM " + TABLE + " WHERE task_name = ? AND task_instance = ?",
				Integer.class, ScheduledOrderTimeouts.TASK_NAME, orderId);
	}

	private Instant executionTime(String orderId) {
		return this.jdbc
			.queryForObject("SELECT execution_time FROM " + TABLE + " WHERE task_name = ? AND task_instance = ?",
					OffsetDateTime.class, ScheduledOrderTimeouts.TASK_NAME, orderId)
			.toInstant();
	}

}
