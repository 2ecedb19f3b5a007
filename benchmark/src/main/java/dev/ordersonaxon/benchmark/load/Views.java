package dev.ordersonaxon.benchmark.load;

import java.math.BigDecimal;
import java.util.List;

/** The query API's views, as far as the benchmark reads them. */
final class Views {

	private Views() {
	}

	record CustomerView(String customerId, String name, BigDecimal creditLimit, BigDecimal creditReserved,
			BigDecimal creditAvailable) {
	}

	record ProductView(String productId, String name, BigDecimal price, long stockAvailable, long stockReserved) {
	}

	record OrderView(String orderId, String customerId, List<LineView> lines, BigDecimal total, String status,
			String rejectionReason) {
	}

	record LineView(String productId, int quantity, BigDecimal unitPrice) {
	}

}
