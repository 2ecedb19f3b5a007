package dev.ordersonaxon.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CreditReservedEvent;
import dev.ordersonaxon.api.customer.CustomerCreatedEvent;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.OrderApprovedEvent;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.product.ProductCreatedEvent;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.api.product.StockReservedEvent;
import dev.ordersonaxon.eventstore.EventStoreWriter;
import dev.ordersonaxon.testsupport.TestDatabase;
import dev.ordersonaxon.testsupport.TestTokens;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Measures how fast the projections rebuild 100,000 events. Slow and machine-dependent,
 * so it runs only on request: {@code -Dtest=ReplayBenchmark -Dbenchmark=true}. It prints
 * its figures and asserts only that the rebuild completes.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReplayBenchmark {

	private static final TestDatabase DATABASE = TestDatabase.create("query_side_bench");

	private static final EventStoreWriter EVENTS = EventStoreWriter.start(DATABASE);

	private static final int CUSTOMERS = 1_000;

	private static final int PRODUCTS = 1_000;

	// four events per order: placed, credit reserved, stock reserved, approved
	private static final int ORDERS = 24_500;

	private static final int TOTAL = CUSTOMERS + PRODUCTS + 4 * ORDERS;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		DATABASE.registerDataSource(registry);
		TestTokens.registerVerifier(registry);
	}

	@AfterAll
	static void stopWriter() {
		EVENTS.close();
	}

	@Test
	void rebuildsOneHundredThousandEvents() {
		HttpJson http = new HttpJson(this.port);
		long seeding = System.nanoTime();
		seed();
		report("seeded (appended through Axon's JPA event store)", seeding);

		long catchingUp = System.nanoTime();
		await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100)).until(() -> caughtUp(http));
		report("live processing caught up", catchingUp);

		long replaying = System.nanoTime();
		for (String name : List.of("customers", "products", "orders")) {
			assertThat(http.post("/api/admin/projections/" + name + "/replay").status()).isEqualTo(202);
		}
		await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100)).until(() -> caughtUp(http));
		report("replay of all three projections", replaying);

		assertThat(http.get("/api/orders?size=1").body().path("totalElements").asLong()).isEqualTo(ORDERS);
	}

	private static void seed() {
		Money price = Money.of("2.50");
		List<DomainEventMessage<?>> batch = new ArrayList<>();
		for (int i = 0; i < CUSTOMERS; i++) {
			CustomerId customer = new CustomerId("c" + i);
			batch.add(EVENTS.next("Customer", customer,
					new CustomerCreatedEvent(customer, "Customer " + i, Money.of("1000000.00"))));
		}
		for (int i = 0; i < PRODUCTS; i++) {
			ProductId product = new ProductId("p" + i);
			batch.add(EVENTS.next("Product", product,
					new ProductCreatedEvent(product, "Product " + i, price, 1_000_000)));
		}
		flush(batch);
		for (int i = 0; i < ORDERS; i++) {
			OrderId order = new OrderId("o" + i);
			CustomerId customer = new CustomerId("c" + (i % CUSTOMERS));
			ProductId product = new ProductId("p" + (i % PRODUCTS));
			List<OrderLine> lines = List.of(new OrderLine(product, 2, price));
			batch.add(EVENTS.next("Order", order, new OrderPlacedEvent(order, customer, lines, price.times(2))));
			batch.add(EVENTS.next("Customer", customer, new CreditReservedEvent(customer, order, price.times(2))));
			batch.add(EVENTS.next("Product", product, new StockReservedEvent(product, order, 2)));
			batch.add(EVENTS.next("Order", order, new OrderApprovedEvent(order)));
			if (batch.size() >= 2_000) {
				flush(batch);
			}
		}
		flush(batch);
	}

	private static void flush(List<DomainEventMessage<?>> batch) {
		EVENTS.appendAll(batch);
		batch.clear();
	}

	private static boolean caughtUp(HttpJson http) {
		JsonNode projections = http.get("/api/admin/projections").body();
		for (JsonNode projection : projections) {
			if (projection.path("head").asLong() < TOTAL || projection.path("progress").asDouble() < 1.0
					|| projection.path("replaying").asBoolean()) {
				return false;
			}
		}
		return true;
	}

	private static void report(String what, long startNanos) {
		double seconds = (System.nanoTime() - startNanos) / 1e9;
		System.out.printf("BENCHMARK %s: %,d events in %.1f s = %,.0f events/s%n", what, TOTAL, seconds,
				TOTAL / seconds);
	}

}
