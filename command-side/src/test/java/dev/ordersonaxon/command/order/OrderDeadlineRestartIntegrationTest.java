package dev.ordersonaxon.command.order;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import dev.ordersonaxon.api.AuditMetadata;
import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.OrderRejectedEvent;
import dev.ordersonaxon.api.order.PlaceOrderCommand;
import dev.ordersonaxon.api.order.RejectionReason;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.command.CommandSideApplication;
import dev.ordersonaxon.saga.OrderSaga;
import dev.ordersonaxon.saga.TimeoutCause;
import dev.ordersonaxon.testsupport.TestDatabase;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
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
			OneTimeTask<?> timeouts = first.getBean("orderTimeoutTask", OneTimeTask.class);
			scheduler.schedule(timeouts.instance(orderId.value()), Instant.now().plusSeconds(3));
			JdbcTemplate jdbc = new JdbcTemplate(first.getBean(javax.sql.DataSource.class));
			assertThat(scheduledTimeouts(jdbc)).isEqualTo(1);
		}

		try (ConfigurableApplicationContext second = start()) {
			JdbcTemplate jdbc = new JdbcTemplate(second.getBean(javax.sql.DataSource.class));
			await().atMost(Duration.ofSeconds(30)).until(() -> scheduledTimeouts(jdbc) == 0);
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void aTimeoutRejectsItsOrderOnBehalfOfWhoeverPlacedIt() {
		OrderId orderId = new OrderId("timed-out-for-carl");
		try (ConfigurableApplicationContext context = start()) {
			// no saga step ever comes: only the timeout settles the order
			context.getBean(EventProcessingConfiguration.class)
				.eventProcessor(OrderSaga.PROCESSING_GROUP, StreamingEventProcessor.class)
				.orElseThrow()
				.shutDown();
			context.getBean(CommandGateway.class)
				.sendAndWait(new PlaceOrderCommand(orderId, new CustomerId("carls-customer"),
						List.of(new OrderLine(new ProductId("p"), 1, Money.of("1.00")))));
			OneTimeTask<TimeoutCause> timeouts = context.getBean("orderTimeoutTask", OneTimeTask.class);
			context.getBean(Scheduler.class)
				.schedule(
						timeouts.instance(orderId.value(),
								new TimeoutCause(
										Map.of(AuditMetadata.PRINCIPAL, "carl", AuditMetadata.TRACE_ID, "trace-9"))),
						Instant.now());

			EventStore events = context.getBean(EventStore.class);
			DomainEventMessage<?> rejected = await().atMost(Duration.ofSeconds(30))
				.until(() -> events.readEvents(orderId.value())
					.asStream()
					.filter((event) -> event.getPayload() instanceof OrderRejectedEvent)
					.findFirst(), Optional::isPresent)
				.orElseThrow();
			assertThat(((OrderRejectedEvent) rejected.getPayload()).reason()).isEqualTo(RejectionReason.TIMEOUT);
			assertThat(rejected.getMetaData()).containsEntry(AuditMetadata.PRINCIPAL, "carl")
				.containsEntry(AuditMetadata.TRACE_ID, "trace-9");
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
