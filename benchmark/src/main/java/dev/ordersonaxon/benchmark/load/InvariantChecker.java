package dev.ordersonaxon.benchmark.load;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.ordersonaxon.benchmark.load.Views.CustomerView;
import dev.ordersonaxon.benchmark.load.Views.LineView;
import dev.ordersonaxon.benchmark.load.Views.OrderView;
import dev.ordersonaxon.benchmark.load.Views.ProductView;

/**
 * The business invariants, checked on views read back from the query API once the system
 * is quiet. Every check reports what it saw, so a broken run says where to look.
 */
final class InvariantChecker {

	private InvariantChecker() {
	}

	/**
	 * @param customers the customers to check
	 * @param products the products to check
	 * @param orders every order of those customers, in whatever state
	 * @param stockReceived per product id: initial stock plus restocks
	 * @return the broken invariants, empty when all hold
	 */
	static List<String> check(Collection<CustomerView> customers, Collection<ProductView> products,
			Collection<OrderView> orders, Map<String, Long> stockReceived) {
		Map<String, BigDecimal> approvedTotals = new HashMap<>();
		Map<String, Long> approvedQuantities = new HashMap<>();
		List<String> violations = new ArrayList<>();
		for (OrderView order : orders) {
			if ("PENDING".equals(order.status())) {
				violations.add("order " + order.orderId() + " is still PENDING");
			}
			if (!"APPROVED".equals(order.status())) {
				continue;
			}
			approvedTotals.merge(order.customerId(), order.total(), BigDecimal::add);
			for (LineView line : order.lines()) {
				approvedQuantities.merge(line.productId(), (long) line.quantity(), Long::sum);
			}
		}
		for (CustomerView customer : customers) {
			String id = "customer " + customer.customerId();
			if (customer.creditReserved().compareTo(customer.creditLimit()) > 0) {
				violations.add(id + ": credit reserved " + customer.creditReserved() + " exceeds limit "
						+ customer.creditLimit());
			}
			BigDecimal approved = approvedTotals.getOrDefault(customer.customerId(), BigDecimal.ZERO);
			if (customer.creditReserved().compareTo(approved) != 0) {
				violations.add(id + ": credit reserved " + customer.creditReserved() + " but its approved orders total "
						+ approved);
			}
			if (customer.creditAvailable() != null && customer.creditAvailable()
				.compareTo(customer.creditLimit().subtract(customer.creditReserved())) != 0) {
				violations.add(id + ": credit available " + customer.creditAvailable() + " is not limit "
						+ customer.creditLimit() + " minus reserved " + customer.creditReserved());
			}
		}
		for (ProductView product : products) {
			String id = "product " + product.productId();
			if (product.stockAvailable() < 0) {
				violations.add(id + ": stock available is negative: " + product.stockAvailable());
			}
			Long received = stockReceived.get(product.productId());
			if (received != null && product.stockAvailable() + product.stockReserved() != received) {
				violations.add(id + ": available " + product.stockAvailable() + " + reserved " + product.stockReserved()
						+ " is not the " + received + " received");
			}
			long approved = approvedQuantities.getOrDefault(product.productId(), 0L);
			if (product.stockReserved() != approved) {
				violations.add(id + ": stock reserved " + product.stockReserved() + " but its approved orders hold "
						+ approved);
			}
		}
		return violations;
	}

}
