package dev.ordersonaxon.benchmark.load;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import dev.ordersonaxon.benchmark.load.Views.CustomerView;
import dev.ordersonaxon.benchmark.load.Views.LineView;
import dev.ordersonaxon.benchmark.load.Views.OrderView;
import dev.ordersonaxon.benchmark.load.Views.ProductView;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InvariantCheckerTest {

	private static final Map<String, Long> RECEIVED = Map.of("p1", 100L, "p2", 10L);

	@Test
	void holdsWhenReservationsMatchTheApprovedOrders() {
		List<String> violations = InvariantChecker.check(
				List.of(customer("c1", "100.00", "30.00"), customer("c2", "50.00", "0.00")),
				List.of(product("p1", 96, 4), product("p2", 9, 1)),
				List.of(order("o1", "c1", "APPROVED", line("p1", 2, "5.00"), line("p2", 1, "10.00")),
						order("o2", "c1", "APPROVED", line("p1", 2, "5.00")),
						order("o3", "c2", "REJECTED", line("p1", 9, "5.00")),
						order("o4", "c2", "CANCELLED", line("p2", 1, "10.00"))),
				RECEIVED);

		assertThat(violations).isEmpty();
	}

	@Test
	void reportsACustomerOverItsLimit() {
		List<String> violations = InvariantChecker.check(List.of(customer("c1", "10.00", "20.00")), List.of(),
				List.of(order("o1", "c1", "APPROVED", line("p1", 2, "10.00"))), RECEIVED);

		assertThat(violations).singleElement().asString().contains("c1", "exceeds limit 10.00");
	}

	@Test
	void reportsCreditHeldForOrdersThatAreNotApproved() {
		List<String> violations = InvariantChecker.check(List.of(customer("c1", "100.00", "10.00")), List.of(),
				List.of(order("o1", "c1", "REJECTED", line("p1", 1, "10.00"))), RECEIVED);

		assertThat(violations).singleElement().asString().contains("c1", "approved orders total 0");
	}

	@Test
	void reportsStockThatIsNotConserved() {
		List<String> violations = InvariantChecker.check(List.of(), List.of(product("p1", 99, 0)), List.of(), RECEIVED);

		assertThat(violations).singleElement().asString().contains("p1", "not the 100 received");
	}

	@Test
	void reportsStockHeldForOrdersThatAreNotApproved() {
		List<String> violations = InvariantChecker.check(List.of(), List.of(product("p1", 97, 3)),
				List.of(order("o1", "c1", "CANCELLED", line("p1", 3, "1.00"))), RECEIVED);

		assertThat(violations).singleElement().asString().contains("p1", "stock reserved 3", "hold 0");
	}

	@Test
	void reportsNegativeStockAndPendingOrders() {
		List<String> violations = InvariantChecker.check(List.of(), List.of(product("p2", -1, 11)),
				List.of(order("o1", "c1", "PENDING", line("p2", 11, "1.00"))), RECEIVED);

		assertThat(violations).anySatisfy((v) -> assertThat(v).contains("o1", "PENDING"))
			.anySatisfy((v) -> assertThat(v).contains("p2", "negative"));
	}

	@Test
	void reportsAvailableCreditThatDoesNotAddUp() {
		CustomerView customer = new CustomerView("c1", "Ann", new BigDecimal("100.00"), BigDecimal.ZERO,
				new BigDecimal("90.00"));

		assertThat(InvariantChecker.check(List.of(customer), List.of(), List.of(), RECEIVED)).singleElement()
			.asString()
			.contains("credit available 90.00");
	}

	private static CustomerView customer(String id, String limit, String reserved) {
		BigDecimal limitAmount = new BigDecimal(limit);
		BigDecimal reservedAmount = new BigDecimal(reserved);
		return new CustomerView(id, "name", limitAmount, reservedAmount, limitAmount.subtract(reservedAmount));
	}

	private static ProductView product(String id, long available, long reserved) {
		return new ProductView(id, "name", BigDecimal.ONE, available, reserved);
	}

	private static OrderView order(String id, String customerId, String status, LineView... lines) {
		BigDecimal total = List.of(lines)
			.stream()
			.map((line) -> line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())))
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		return new OrderView(id, customerId, List.of(lines), total, status, null);
	}

	private static LineView line(String productId, int quantity, String unitPrice) {
		return new LineView(productId, quantity, new BigDecimal(unitPrice));
	}

}
