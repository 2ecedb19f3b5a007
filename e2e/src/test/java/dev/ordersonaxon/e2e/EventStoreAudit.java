package dev.ordersonaxon.e2e;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersonaxon.testsupport.TestDatabase;

/**
 * What the event store says happened, read straight from its table and independent of the
 * views: each order's status, and the credit and stock each reservation and release left
 * held. The invariants of the design are checked here, on the events.
 */
final class EventStoreAudit {

	private final Map<String, OrderFacts> orders = new LinkedHashMap<>();

	private final Map<String, Map<String, BigDecimal>> creditHeld = new TreeMap<>();

	private final Map<String, Map<String, Integer>> stockHeld = new TreeMap<>();

	private final Map<String, BigDecimal> creditLimits = new TreeMap<>();

	private final Map<String, Integer> stockReceived = new TreeMap<>();

	/** One order as its events tell it. */
	record OrderFacts(String orderId, String customerId, BigDecimal total, Map<String, Integer> quantities,
			String status, String reason, Instant placedAt, Instant endedAt) {

		boolean isFinal() {
			return !"PENDING".equals(this.status);
		}

		/** Place to final state, as the events' timestamps say; null while pending. */
		Duration timeToFinal() {
			return (this.endedAt != null) ? Duration.between(this.placedAt, this.endedAt) : null;
		}

	}

	private static final String EVENTS = "SELECT payload_type, time_stamp, convert_from(payload, 'UTF8')"
			+ " FROM event_store.domain_event_entry ORDER BY global_index";

	static EventStoreAudit read(PostgresCluster cluster, String database) {
		return of(cluster.query(database, EVENTS));
	}

	/** The same, of a system's database on the local PostgreSQL. */
	static EventStoreAudit read(TestDatabase database) {
		try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
				database.password());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(EVENTS)) {
			List<List<String>> events = new ArrayList<>();
			while (rows.next()) {
				events.add(List.of(rows.getString(1), rows.getString(2), rows.getString(3)));
			}
			return of(events);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("could not read the events of " + database.name(), ex);
		}
	}

	private static EventStoreAudit of(List<List<String>> events) {
		EventStoreAudit audit = new EventStoreAudit();
		for (List<String> row : events) {
			String type = row.get(0).substring(row.get(0).lastIndexOf('.') + 1);
			audit.apply(type, Instant.parse(row.get(1)), Http.parse(row.get(2)));
		}
		return audit;
	}

	private void apply(String type, Instant at, JsonNode event) {
		String orderId = event.path("orderId").asText();
		switch (type) {
			case "CustomerCreatedEvent", "CreditLimitChangedEvent" ->
				this.creditLimits.put(event.path("customerId").asText(), event.path("creditLimit").decimalValue());
			case "ProductCreatedEvent" ->
				this.stockReceived.put(event.path("productId").asText(), event.path("stock").asInt());
			case "ProductRestockedEvent" -> this.stockReceived.merge(event.path("productId").asText(),
					event.path("quantity").asInt(), Integer::sum);
			case "CreditReservedEvent" ->
				this.creditHeld.computeIfAbsent(event.path("customerId").asText(), (key) -> new HashMap<>())
					.put(orderId, event.path("amount").decimalValue());
			case "CreditReleasedEvent" ->
				this.creditHeld.computeIfAbsent(event.path("customerId").asText(), (key) -> new HashMap<>())
					.remove(orderId);
			case "StockReservedEvent" ->
				this.stockHeld.computeIfAbsent(event.path("productId").asText(), (key) -> new HashMap<>())
					.put(orderId, event.path("quantity").asInt());
			case "StockReleasedEvent" ->
				this.stockHeld.computeIfAbsent(event.path("productId").asText(), (key) -> new HashMap<>())
					.remove(orderId);
			case "OrderPlacedEvent" -> {
				Map<String, Integer> quantities = new LinkedHashMap<>();
				event.path("lines")
					.forEach((line) -> quantities.merge(line.path("productId").asText(), line.path("quantity").asInt(),
							Integer::sum));
				this.orders.put(orderId, new OrderFacts(orderId, event.path("customerId").asText(),
						event.path("total").decimalValue(), quantities, "PENDING", null, at, null));
			}
			case "OrderApprovedEvent" -> end(orderId, "APPROVED", null, at);
			case "OrderRejectedEvent" -> end(orderId, "REJECTED", event.path("reason").asText(), at);
			case "OrderCancelledEvent" -> end(orderId, "CANCELLED", null, at);
			default -> {
				// other events change nothing this audit counts
			}
		}
	}

	private void end(String orderId, String status, String reason, Instant at) {
		this.orders.computeIfPresent(orderId, (id, order) -> new OrderFacts(id, order.customerId(), order.total(),
				order.quantities(), status, reason, order.placedAt(), at));
	}

	Map<String, OrderFacts> orders() {
		return this.orders;
	}

	/**
	 * Every way the events break the design's invariants: a customer whose held credit is
	 * not the total of its approved orders or exceeds its limit, a product whose held
	 * stock is not the quantity of its approved lines or exceeds what it received. A
	 * parked order keeps what it holds until an operator retries it, so what the given
	 * parked orders hold is left out.
	 */
	List<String> invariantViolations(Set<String> parkedOrders) {
		Map<String, BigDecimal> approvedCredit = new TreeMap<>();
		Map<String, Integer> approvedStock = new TreeMap<>();
		this.orders.values().stream().filter((order) -> "APPROVED".equals(order.status())).forEach((order) -> {
			approvedCredit.merge(order.customerId(), order.total(), BigDecimal::add);
			order.quantities().forEach((product, quantity) -> approvedStock.merge(product, quantity, Integer::sum));
		});
		List<String> violations = new ArrayList<>();
		for (String customer : this.creditLimits.keySet()) {
			BigDecimal held = held(this.creditHeld.getOrDefault(customer, Map.of()), parkedOrders).values()
				.stream()
				.reduce(BigDecimal.ZERO, BigDecimal::add);
			BigDecimal approved = approvedCredit.getOrDefault(customer, BigDecimal.ZERO);
			if (held.compareTo(approved) != 0) {
				violations.add("customer " + customer + " holds " + held + " of credit for orders "
						+ this.creditHeld.getOrDefault(customer, Map.of()).keySet() + ", its approved orders total "
						+ approved);
			}
			if (held.compareTo(this.creditLimits.get(customer)) > 0) {
				violations.add("customer " + customer + " holds " + held + " over its limit "
						+ this.creditLimits.get(customer));
			}
		}
		for (String product : this.stockReceived.keySet()) {
			int held = held(this.stockHeld.getOrDefault(product, Map.of()), parkedOrders).values()
				.stream()
				.mapToInt(Integer::intValue)
				.sum();
			int approved = approvedStock.getOrDefault(product, 0);
			if (held != approved) {
				violations.add("product " + product + " holds " + held + " in stock for orders "
						+ this.stockHeld.getOrDefault(product, Map.of()).keySet() + ", its approved lines order "
						+ approved);
			}
			if (held > this.stockReceived.get(product)) {
				violations.add("product " + product + " holds " + held + " of " + this.stockReceived.get(product));
			}
		}
		return violations;
	}

	private static <V> Map<String, V> held(Map<String, V> byOrder, Set<String> parkedOrders) {
		Map<String, V> held = new HashMap<>(byOrder);
		held.keySet().removeAll(parkedOrders);
		return held;
	}

	BigDecimal creditHeld(String customerId) {
		return this.creditHeld.getOrDefault(customerId, Map.of())
			.values()
			.stream()
			.reduce(BigDecimal.ZERO, BigDecimal::add);
	}

	int stockHeld(String productId) {
		return this.stockHeld.getOrDefault(productId, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
	}

	int stockReceived(String productId) {
		return this.stockReceived.getOrDefault(productId, 0);
	}

	List<String> customers() {
		return List.copyOf(this.creditLimits.keySet());
	}

	List<String> products() {
		return List.copyOf(this.stockReceived.keySet());
	}

}
