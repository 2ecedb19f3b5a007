package dev.ordersonaxon.command.order;

import java.time.Duration;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CreateCustomerCommand;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.PlaceOrderCommand;
import dev.ordersonaxon.api.product.CreateProductCommand;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.command.CommandSideApplication;
import dev.ordersonaxon.testsupport.TestDatabase;
import org.axonframework.commandhandling.gateway.CommandGateway;
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
	void aDeadlineScheduledBeforeARestartFiresAfterIt() {
		OrderId orderId = new OrderId("waits-for-a-product");
		try (ConfigurableApplicationContext first = start()) {
			CommandGateway commands = first.getBean(CommandGateway.class);
			commands.sendAndWait(new CreateCustomerCommand(new CustomerId("restart-c"), "Ann", Money.of("100")));
			commands.sendAndWait(new CreateProductCommand(new ProductId("restart-p"), "P", Money.of("1"), 5));
			// one line can never be answered, so the saga waits for its deadline
			commands.sendAndWait(new PlaceOrderCommand(orderId, new CustomerId("restart-c"),
					java.util.List.of(new OrderLine(new ProductId("restart-p"), 1, Money.of("1")),
							new OrderLine(new ProductId("never-listed"), 1, Money.of("1")))));
			JdbcTemplate jdbc = new JdbcTemplate(first.getBean(javax.sql.DataSource.class));
			await().atMost(Duration.ofSeconds(20)).until(() -> scheduledDeadlines(jdbc) == 1 && liveSagas(jdbc) == 1);
		}

		try (ConfigurableApplicationContext second = start()) {
			JdbcTemplate jdbc = new JdbcTemplate(second.getBean(javax.sql.DataSource.class));
			assertThat(liveSagas(jdbc)).isEqualTo(1);

			await().atMost(Duration.ofSeconds(30)).until(() -> scheduledDeadlines(jdbc) == 0 && liveSagas(jdbc) == 0);
		}
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(CommandSideApplication.class).web(WebApplicationType.NONE)
			.run("--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.user(),
					"--spring.datasource.password=" + database.password(), "--orders.saga.timeout=4s");
	}

	private static long scheduledDeadlines(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select count(*) from event_store.scheduled_tasks", Long.class);
	}

	private static long liveSagas(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select count(*) from event_store.saga_entry where saga_type like '%OrderSaga'",
				Long.class);
	}

}
