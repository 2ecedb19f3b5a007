package dev.ordersonaxon.command.infrastructure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CreateCustomerCommand;
import dev.ordersonaxon.api.customer.CreditLimitExceededEvent;
import dev.ordersonaxon.api.customer.CreditReservedEvent;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.customer.ReserveCreditCommand;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.command.CommandSideApplication;
import dev.ordersonaxon.testsupport.TestDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two command-side nodes in one JVM, each with its own command bus, on one database,
 * reserving one customer's credit. Each node also caches aggregates, so a node's copy is
 * regularly behind the stored stream. Whatever locks the nodes take, the event store's
 * unique (aggregate, sequence) key keeps them from over-reserving: with their own locks
 * only, the losers of a race are tried again by the retrying gateway
 * ({@link CreditConcurrencyIntegrationTest}); with shared locks a command waits for the
 * other node's and brings its cached copy up to date instead
 * ({@link SharedAggregateLocksIntegrationTest}).
 */
@TestInstance(Lifecycle.PER_CLASS)
abstract class TwoNodeCreditRaces {

	final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	/** The test's own database. */
	abstract TestDatabase database();

	/** {@code orders.command.aggregate-locks} of both nodes. */
	abstract String aggregateLocks();

	/** Commands of the node with the stale copy tried again after losing the race. */
	abstract long retriesOfTheStaleNode();

	/** Cached aggregates the node with the stale copy brought up to date. */
	abstract long catchUpsOfTheStaleNode();

	/** Checks what the fifty reservations cost both nodes in commands tried again. */
	void afterTheRace(double retries) {
	}

	@BeforeAll
	void startTwoNodes() {
		TestDatabase database = database();
		for (int node = 0; node < 2; node++) {
			// command-line arguments, so they win over application.yml
			this.nodes.add(new SpringApplicationBuilder(CommandSideApplication.class).web(WebApplicationType.NONE)
				.run("--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.user(),
						"--spring.datasource.password=" + database.password(),
						"--orders.command.aggregate-locks=" + aggregateLocks()));
		}
	}

	@AfterAll
	void stopNodes() {
		this.nodes.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void fiftyConcurrentReservationsOnTwoNodesNeverExceedTheLimitAndLeaveAGaplessStream() throws Exception {
		CustomerId customer = new CustomerId("contended");
		gateway(0).sendAndWait(new CreateCustomerCommand(customer, "Contended", Money.of("1000.00")));
		ExecutorService threads = Executors.newFixedThreadPool(50);
		CountDownLatch start = new CountDownLatch(1);

		List<CompletableFuture<Object>> reservations = IntStream.range(0, 50)
			.mapToObj((i) -> CompletableFuture.supplyAsync(() -> {
				awaitQuietly(start);
				return gateway(i % 2)
					.sendAndWait(new ReserveCreditCommand(customer, new OrderId("order-" + i), Money.of("30.00")));
			}, threads))
			.toList();
		start.countDown();
		CompletableFuture.allOf(reservations.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		threads.shutdown();

		List<? extends DomainEventMessage<?>> stream = this.nodes.get(0)
			.getBean(EventStore.class)
			.readEvents(customer.value())
			.asStream()
			.toList();
		List<Money> reserved = stream.stream()
			.map(DomainEventMessage::getPayload)
			.filter(CreditReservedEvent.class::isInstance)
			.map((event) -> ((CreditReservedEvent) event).amount())
			.toList();
		long refused = stream.stream()
			.map(DomainEventMessage::getPayload)
			.filter(CreditLimitExceededEvent.class::isInstance)
			.count();

		assertThat(reserved.stream().reduce(Money.ZERO, Money::plus)).isEqualTo(Money.of("990.00"));
		assertThat(reserved).hasSize(33);
		assertThat(refused).isEqualTo(17);
		assertThat(stream).extracting(DomainEventMessage::getSequenceNumber)
			.containsExactlyElementsOf(IntStream.range(0, 51).mapToObj(Long::valueOf).toList());
		afterTheRace(count(0, "orders.command.retries") + count(1, "orders.command.retries"));
	}

	@Test
	void aNodeWhoseCachedCustomerMissedTheOtherNodesEventsDecidesOnTheStoredStream() {
		CustomerId customer = new CustomerId("cached-on-both");
		gateway(0).sendAndWait(new CreateCustomerCommand(customer, "Cached", Money.of("100.00")));
		// both nodes now hold the customer in their caches
		gateway(0).sendAndWait(new ReserveCreditCommand(customer, new OrderId("first"), Money.of("40.00")));
		gateway(1).sendAndWait(new ReserveCreditCommand(customer, new OrderId("second"), Money.of("40.00")));
		// node 0's cache still has 60.00 available; the stored stream has 20.00
		double retries = count(0, "orders.command.retries");
		double catchUps = count(0, "orders.command.aggregate.caught-up");
		gateway(0).sendAndWait(new ReserveCreditCommand(customer, new OrderId("third"), Money.of("40.00")));

		List<Object> payloads = this.nodes.get(0)
			.getBean(EventStore.class)
			.readEvents(customer.value())
			.asStream()
			.map(DomainEventMessage::getPayload)
			.map(Object.class::cast)
			.toList();
		assertThat(payloads).hasSize(4);
		assertThat(payloads.get(3)).isInstanceOf(CreditLimitExceededEvent.class);
		assertThat(count(0, "orders.command.retries") - retries).isEqualTo(retriesOfTheStaleNode());
		assertThat(count(0, "orders.command.aggregate.caught-up") - catchUps).isEqualTo(catchUpsOfTheStaleNode());
	}

	private CommandGateway gateway(int node) {
		return this.nodes.get(node).getBean(CommandGateway.class);
	}

	private double count(int node, String counter) {
		return this.nodes.get(node)
			.getBean(MeterRegistry.class)
			.get(counter)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
