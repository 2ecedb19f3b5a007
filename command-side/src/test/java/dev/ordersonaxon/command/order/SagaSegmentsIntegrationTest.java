package dev.ordersonaxon.command.order;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CreateCustomerCommand;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.PlaceOrderCommand;
import dev.ordersonaxon.api.product.CreateProductCommand;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.command.CommandSideApplication;
import dev.ordersonaxon.saga.ChainedSagaSteps;
import dev.ordersonaxon.saga.SagaCommandFailures;
import dev.ordersonaxon.testsupport.TestDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.ordersonaxon.command.order.StoredEvents.creditHeld;
import static dev.ordersonaxon.command.order.StoredEvents.isApproved;
import static dev.ordersonaxon.command.order.StoredEvents.isFinal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The saga in eight segments on two command nodes, four each, deciding orders that
 * contend for the same customers and products: every order's lines name the products in
 * the opposite order of the next one's, so that two segments handling them at once would
 * take the products' locks crosswise if the saga sent its commands as it went. Each order
 * ends, both nodes handle saga steps, and no command fails on a deadlock.
 */
class SagaSegmentsIntegrationTest {

	static final TestDatabase database = TestDatabase.create("saga_segments_it");

	static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	static final int ORDERS = 240;

	@BeforeAll
	static void startTwoNodes() {
		for (int node = 0; node < 2; node++) {
			// command-line arguments, so they win over application.yml
			nodes.add(new SpringApplicationBuilder(CommandSideApplication.class).web(WebApplicationType.NONE)
				.run("--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.user(),
						"--spring.datasource.password=" + database.password(), "--orders.saga.segments=8",
						"--orders.saga.threads=4", "--orders.command.node-id=node-" + node));
		}
	}

	@AfterAll
	static void stopNodes() {
		nodes.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void ordersContendingForTheSameAggregatesEndOnTwoNodesWithoutADeadlock() throws Exception {
		List<CustomerId> customers = List.of(new CustomerId("seg-ann"), new CustomerId("seg-bob"));
		List<ProductId> products = List.of(new ProductId("seg-p1"), new ProductId("seg-p2"), new ProductId("seg-p3"));
		customers.forEach((customer) -> gateway(0)
			.sendAndWait(new CreateCustomerCommand(customer, customer.value(), Money.of("100000.00"))));
		products.forEach((product) -> gateway(0)
			.sendAndWait(new CreateProductCommand(product, product.value(), Money.of("1.00"), 100000)));

		ExecutorService clients = Executors.newFixedThreadPool(16);
		List<CompletableFuture<Object>> placed = IntStream.range(0, ORDERS)
			.mapToObj((i) -> CompletableFuture.supplyAsync(
					() -> gateway(i % 2)
						.sendAndWait(new PlaceOrderCommand(orderId(i), customers.get(i % 2), lines(products, i))),
					clients))
			.toList();
		CompletableFuture.allOf(placed.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		clients.shutdown();

		EventStore events = nodes.get(0).getBean(EventStore.class);
		await().atMost(Duration.ofSeconds(90))
			.until(() -> IntStream.range(0, ORDERS).allMatch((i) -> isFinal(events, orderId(i))));

		assertThat(IntStream.range(0, ORDERS).filter((i) -> isApproved(events, orderId(i)))).hasSize(ORDERS);
		assertThat(nodes)
			.allSatisfy((node) -> assertThat(node.getBean(SagaCommandFailures.class).deadlocks()).isZero());
		// the shared locks made each batch wait for the other node's, and brought the
		// cached customers and products up to date with its events: no batch lost a race
		assertThat(nodes)
			.allSatisfy((node) -> assertThat(node.getBean(SagaCommandFailures.class).lostRaces()).isZero());
		assertThat(nodes.stream()
			.mapToDouble((node) -> node.getBean(MeterRegistry.class)
				.get("orders.command.aggregate.caught-up")
				.counters()
				.stream()
				.mapToDouble(Counter::count)
				.sum())
			.sum()).isPositive();
		JdbcTemplate jdbc = nodes.get(0).getBean(JdbcTemplate.class);
		assertThat(jdbc.queryForList("SELECT DISTINCT owner FROM token_entry WHERE processor_name = 'order-saga'",
				String.class))
			.hasSize(2);
		// several segments lock customers and products only in the global order: the
		// answers to an order's commands come by in the stream, each step (credit, stock,
		// approval) in a transaction of its own
		assertThat(IntStream.range(0, ORDERS)
			.mapToObj((i) -> jdbc.queryForObject("SELECT count(DISTINCT xmin::text) FROM domain_event_entry"
					+ " WHERE convert_from(payload, 'UTF8') LIKE ? AND payload_type NOT LIKE '%.OrderPlacedEvent'",
					Long.class, "%\"orderId\":\"" + orderId(i).value() + "\"%")))
			.containsOnly(3L);
		assertThat(nodes).allSatisfy((node) -> assertThat(node.getBean(ChainedSagaSteps.class).count()).isZero());
		// every customer holds exactly what its approved orders cost
		for (CustomerId customer : customers) {
			Money held = creditHeld(events, customer.value());
			long approved = IntStream.range(0, ORDERS).filter((i) -> customers.get(i % 2).equals(customer)).count();
			assertThat(held).isEqualTo(Money.of("6.00").times((int) approved));
		}
	}

	private static OrderId orderId(int i) {
		return new OrderId("seg-order-" + i);
	}

	/** Three lines, one per product: forwards for even orders, backwards for odd ones. */
	private static List<OrderLine> lines(List<ProductId> products, int i) {
		List<OrderLine> lines = new ArrayList<>();
		for (int line = 0; line < products.size(); line++) {
			ProductId product = products.get((i % 2 == 0) ? line : products.size() - 1 - line);
			lines.add(new OrderLine(product, line + 1, Money.of("1.00")));
		}
		return lines;
	}

	private static CommandGateway gateway(int node) {
		return nodes.get(node).getBean(CommandGateway.class);
	}

}
