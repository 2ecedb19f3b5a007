package dev.ordersonaxon.command.order;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
import dev.ordersonaxon.saga.OrderSaga;
import dev.ordersonaxon.testsupport.TestDatabase;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
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
import static dev.ordersonaxon.command.order.StoredEvents.stockHeld;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The saga's one segment handed back and forth between two command nodes while orders are
 * decided, each node keeping the sagas of the segment in memory while it holds it. A node
 * that took the segment back after the other had it must decide on the other's saga
 * states, not on what it remembered: with a stale saga an order would wait for an answer
 * already handled elsewhere, time out, and leave its stock held.
 */
class SagaHandoverIntegrationTest {

	static final TestDatabase database = TestDatabase.create("saga_handover_it");

	static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	/** Times the segment moves while orders are placed. */
	static final int HANDOVERS = 12;

	static final int MINIMUM_ORDERS = 100;

	static final CustomerId CUSTOMER = new CustomerId("handover-ann");

	static final List<ProductId> PRODUCTS = List.of(new ProductId("handover-p1"), new ProductId("handover-p2"));

	static final List<OrderLine> LINES = PRODUCTS.stream()
		.map((product) -> new OrderLine(product, 1, Money.of("1.00")))
		.toList();

	@BeforeAll
	static void startTwoNodes() {
		for (int node = 0; node < 2; node++) {
			// command-line arguments, so they win over application.yml
			nodes.add(new SpringApplicationBuilder(CommandSideApplication.class).web(WebApplicationType.NONE)
				.run("--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.user(),
						"--spring.datasource.password=" + database.password(), "--orders.saga.segments=1",
						"--orders.saga.claim-interval=50ms", "--orders.saga.timeout=20s",
						"--orders.command.aggregate-locks=shared", "--orders.command.node-id=" + nodeId(node)));
		}
	}

	@AfterAll
	static void stopNodes() {
		nodes.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void ordersEndAsTheyShouldWhileTheSagasSegmentMovesBetweenNodes() throws Exception {
		gateway(0).sendAndWait(new CreateCustomerCommand(CUSTOMER, "Ann", Money.of("100000.00")));
		PRODUCTS.forEach((product) -> gateway(0)
			.sendAndWait(new CreateProductCommand(product, product.value(), Money.of("1.00"), 100000)));

		AtomicBoolean moving = new AtomicBoolean(true);
		AtomicInteger handovers = new AtomicInteger();
		CompletableFuture<Void> mover = CompletableFuture.runAsync(() -> {
			while (moving.get()) {
				moveSegment(handovers);
			}
		});
		// each client places an order once its last one has ended, until the segment has
		// moved often enough: a few sagas are under way at every handover
		EventStore events = nodes.get(0).getBean(EventStore.class);
		AtomicInteger placed = new AtomicInteger();
		ExecutorService clients = Executors.newFixedThreadPool(8);
		List<CompletableFuture<Void>> placing = IntStream.range(0, 8)
			.mapToObj((client) -> CompletableFuture.runAsync(() -> {
				while (!mover.isDone() && (handovers.get() < HANDOVERS || placed.get() < MINIMUM_ORDERS)) {
					OrderId order = orderId(placed.getAndIncrement());
					gateway(client % 2).sendAndWait(new PlaceOrderCommand(order, CUSTOMER, LINES));
					await().atMost(Duration.ofSeconds(30))
						.pollInterval(Duration.ofMillis(20))
						.until(() -> isFinal(events, order));
				}
			}, clients))
			.toList();
		try {
			CompletableFuture.allOf(placing.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
		}
		finally {
			moving.set(false);
			clients.shutdown();
		}
		mover.get(30, TimeUnit.SECONDS);
		assertThat(handovers.get()).isGreaterThanOrEqualTo(HANDOVERS);
		int orders = placed.get();

		assertThat(IntStream.range(0, orders).filter((i) -> isApproved(events, orderId(i)))).hasSize(orders);
		// no saga is left waiting, and exactly what the approved orders cost is held
		JdbcTemplate jdbc = nodes.get(0).getBean(JdbcTemplate.class);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(jdbc.queryForObject("SELECT count(*) FROM saga_entry", Integer.class)).isZero());
		assertThat(creditHeld(events, CUSTOMER.value())).isEqualTo(Money.of("2.00").times(orders));
		for (ProductId product : PRODUCTS) {
			assertThat(stockHeld(events, product.value())).isEqualTo(orders);
		}
	}

	/**
	 * Makes the node holding the saga's segment let go of it, and waits until the other
	 * node has claimed it. The holder lets go when its thread next looks, after its batch
	 * or a second without events, and must not claim the segment again meanwhile.
	 */
	private static void moveSegment(AtomicInteger handovers) {
		String holder = await().atMost(Duration.ofSeconds(10))
			.until(SagaHandoverIntegrationTest::claimOwner, (owner) -> owner != null);
		int node = holder.equals(nodeId(0)) ? 0 : 1;
		sagaProcessor(node).releaseSegment(0, 3, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> nodeId(1 - node).equals(claimOwner()));
		handovers.incrementAndGet();
	}

	/** The node whose claim the saga's segment carries, if any. */
	private static String claimOwner() {
		return nodes.get(0)
			.getBean(JdbcTemplate.class)
			.queryForObject("SELECT owner FROM token_entry WHERE processor_name = ? AND segment = 0", String.class,
					OrderSaga.PROCESSING_GROUP);
	}

	private static String nodeId(int node) {
		return "handover-" + node;
	}

	private static StreamingEventProcessor sagaProcessor(int node) {
		return nodes.get(node)
			.getBean(EventProcessingConfiguration.class)
			.eventProcessor(OrderSaga.PROCESSING_GROUP, StreamingEventProcessor.class)
			.orElseThrow();
	}

	private static OrderId orderId(int i) {
		return new OrderId("handover-order-" + i);
	}

	private static CommandGateway gateway(int node) {
		return nodes.get(node).getBean(CommandGateway.class);
	}

}
