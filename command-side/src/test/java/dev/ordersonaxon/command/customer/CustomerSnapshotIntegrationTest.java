package dev.ordersonaxon.command.customer;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CreateCustomerCommand;
import dev.ordersonaxon.api.customer.CreditLimitExceededEvent;
import dev.ordersonaxon.api.customer.CreditReleasedEvent;
import dev.ordersonaxon.api.customer.CreditReservedEvent;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.customer.ReleaseCreditCommand;
import dev.ordersonaxon.api.customer.ReserveCreditCommand;
import dev.ordersonaxon.api.order.CancelOrderCommand;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.api.product.ReserveStockCommand;
import dev.ordersonaxon.api.product.RestockProductCommand;
import dev.ordersonaxon.testsupport.TestDatabase;
import dev.ordersonaxon.testsupport.TestTokens;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A customer rebuilt from a snapshot decides exactly as one rebuilt from all its events.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = "orders.command.snapshot-threshold=20")
class CustomerSnapshotIntegrationTest {

	static final TestDatabase database = TestDatabase.create("command_snapshot_it");

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		database.registerDataSource(registry);
		TestTokens.registerVerifier(registry);
	}

	@Autowired
	CommandGateway commands;

	@Autowired
	EventStore eventStore;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	@Qualifier("customerCache")
	Cache customerCache;

	@Test
	void keepsItsReservationsAndLimitAcrossSnapshots() {
		CustomerId customer = new CustomerId("snapshotted");
		this.commands.sendAndWait(new CreateCustomerCommand(customer, "Ann", Money.of("50.50")));

		for (int i = 0; i < 50; i++) {
			this.commands.sendAndWait(new ReserveCreditCommand(customer, new OrderId("o-" + i), Money.of("1.00")));
		}

		assertThat(this.jdbc.queryForObject(
				"select count(*) from event_store.snapshot_event_entry where aggregate_identifier = 'snapshotted'",
				Long.class))
			.isPositive();
		// from here on the customer is rebuilt from its snapshot, not kept in memory
		this.customerCache.removeAll();
		this.commands.sendAndWait(new ReserveCreditCommand(customer, new OrderId("one-too-many"), Money.of("1.00")));
		assertThat(lastEvent(customer)).isInstanceOf(CreditLimitExceededEvent.class);
		this.commands.sendAndWait(new ReleaseCreditCommand(customer, new OrderId("o-0")));
		assertThat(lastEvent(customer))
			.isEqualTo(new CreditReleasedEvent(customer, new OrderId("o-0"), Money.of("1.00")));
		// 49.00 held of 50.50: one cent more than what is free is refused, exactly what
		// is free fits
		this.commands.sendAndWait(new ReserveCreditCommand(customer, new OrderId("fits-again"), Money.of("1.51")));
		assertThat(lastEvent(customer)).isInstanceOf(CreditLimitExceededEvent.class);
		this.commands.sendAndWait(new ReserveCreditCommand(customer, new OrderId("fits-again"), Money.of("1.50")));
		assertThat(lastEvent(customer))
			.isEqualTo(new CreditReservedEvent(customer, new OrderId("fits-again"), Money.of("1.50")));
	}

	/**
	 * A cached and snapshotted customer is neither found in the product or order cache
	 * nor rebuilt as one from its snapshot: addressed as another type it does not exist.
	 */
	@Test
	void isUnknownWhenAddressedAsAProductOrAnOrder() {
		CustomerId customer = new CustomerId("not-a-product");
		this.commands.sendAndWait(new CreateCustomerCommand(customer, "Bea", Money.of("100.00")));
		for (int i = 0; i < 25; i++) {
			this.commands.sendAndWait(new ReserveCreditCommand(customer, new OrderId("k-" + i), Money.of("1.00")));
		}
		assertThat(this.jdbc.queryForObject(
				"select count(*) from event_store.snapshot_event_entry where aggregate_identifier = 'not-a-product'",
				Long.class))
			.isPositive();

		assertThatExceptionOfType(AggregateNotFoundException.class).isThrownBy(() -> this.commands
			.sendAndWait(new ReserveStockCommand(new ProductId("not-a-product"), new OrderId("k-x"), 1, Money.ZERO)));
		assertThatExceptionOfType(AggregateNotFoundException.class)
			.isThrownBy(() -> this.commands.sendAndWait(new RestockProductCommand(new ProductId("not-a-product"), 1)));
		assertThatExceptionOfType(AggregateNotFoundException.class)
			.isThrownBy(() -> this.commands.sendAndWait(new CancelOrderCommand(new OrderId("not-a-product"))));
		assertThat(this.eventStore.readEvents("not-a-product", 0).asStream()).hasSize(26);
		// and the customer itself still decides as before
		this.commands.sendAndWait(new ReserveCreditCommand(customer, new OrderId("k-25"), Money.of("75.01")));
		assertThat(lastEvent(customer)).isInstanceOf(CreditLimitExceededEvent.class);
	}

	private Object lastEvent(CustomerId customer) {
		return this.eventStore.readEvents(customer.value(), 0)
			.asStream()
			.map(DomainEventMessage::getPayload)
			.reduce((first, second) -> second)
			.orElseThrow();
	}

}
