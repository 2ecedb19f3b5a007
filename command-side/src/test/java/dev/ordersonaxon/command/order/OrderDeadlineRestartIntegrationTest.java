package dev.ordersonaxon.command.order;

import java.time.Duration;
import java.time.Instant;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.command.CommandSideApplication;
import dev.ordersonaxon.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Saga deadlines are stored in PostgreSQL, so one scheduled before a restart fires after
 * it.
 */
class OrderDeadlineRestartIntegrationTest {

	static final TestDatabase database = TestDatabase.create("command_deadline_it");

	@Test
	void aTimeoutScheduledBeforeARestartFiresAfterIt() {
		// an order no saga is watching: only the stored timeout can remove its execution
		OrderId orderId = new OrderId("watched-by-nobody");
		try (ConfigurableApplicationContext first = start()) {
			Scheduler scheduler = first.getBean(Scheduler.class);
			OneTimeTask<Void> timeouts = first.getBean("orderTimeoutTask", OneTimeTask.class);
			scheduler.schedule(timeouts.instance(orderId.value()), Instant.now().plusSeconds(3));
			JdbcTemplate jdbc = new JdbcTemplate(first.getBean(javax.sql.DataSource.class));
			assertThat(scheduledTimeouts(jdbc)).isEqualTo(1);
		}

		try (ConfigurableApplicationContext second = start()) {
			JdbcTemplate jdbc = new JdbcTemplate(second.getBean(javax.sql.DataSource.class));
			await().atMost(Duration.ofSeconds(30)).until(() -> scheduledTimeouts(jdbc) == 0);
		}
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(CommandSideApplication.class).web(WebApplicationType.NONE)
			.run("--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.user(),
					"--spring.datasource.password=" + database.password(), "--orders.saga.timeout=4s");
	}

	private static long scheduledTimeouts(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select count(*) from event_store.scheduled_tasks where task_name = 'order-timeout'",
				Long.class);
	}

}
