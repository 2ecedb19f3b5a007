package dev.ordersonaxon.benchmark.load;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import dev.ordersonaxon.benchmark.load.Catalog.Product;

/**
 * One order of the mix, its body for POST /api/orders and what it should end as.
 *
 * @param orderId chosen by the tool, so the order can be polled before the answer arrives
 * @param kind what it is planned to go through
 * @param customerId who orders
 * @param lines what is ordered, at the current prices
 */
record PlannedOrder(String orderId, OrderKind kind, String customerId, List<Line> lines) {

	private static final int MAX_LINES = 3;

	private static final int MAX_QUANTITY = 3;

	static PlannedOrder plan(String orderId, OrderKind kind, Catalog catalog, Random random) {
		boolean thin = kind == OrderKind.CREDIT_EXCEEDED;
		List<Catalog.Customer> customers = thin ? catalog.thin() : catalog.ample();
		String customerId = customers.get(random.nextInt(customers.size())).customerId();
		int lineCount = 1 + random.nextInt(MAX_LINES);
		List<Product> pool = new ArrayList<>(catalog.stocked());
		Collections.shuffle(pool, random);
		List<Line> lines = new ArrayList<>();
		for (int i = 0; i < Math.min(lineCount, pool.size()); i++) {
			lines.add(Line.of(pool.get(i), 1 + random.nextInt(MAX_QUANTITY)));
		}
		if (kind == OrderKind.OUT_OF_STOCK) {
			Product bare = catalog.bare().get(random.nextInt(catalog.bare().size()));
			lines.set(lines.size() - 1, Line.of(bare, 1 + random.nextInt(MAX_QUANTITY)));
		}
		return new PlannedOrder(orderId, kind, customerId, List.copyOf(lines));
	}

	BigDecimal total() {
		return this.lines.stream()
			.map((line) -> line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())))
			.reduce(BigDecimal.ZERO, BigDecimal::add);
	}

	/**
	 * Command transactions this order causes when it ends as planned, saga bookkeeping
	 * aside.
	 */
	int impliedCommandTransactions() {
		int lineCount = this.lines.size();
		return switch (this.kind) {
			// place, credit, each line, approve
			case APPROVE -> 3 + lineCount;
			// place, credit refused, reject
			case CREDIT_EXCEEDED -> 3;
			// place, credit, each line, release credit and the reserved lines, reject
			case OUT_OF_STOCK -> 3 + lineCount + 1 + (lineCount - 1);
			// place, cancel, then at most credit, lines and their releases
			case CANCEL_PENDING -> 2 + 2 * (1 + lineCount);
			// approved order, cancel, release credit and every line
			case CANCEL_APPROVED -> 3 + lineCount + 1 + 1 + lineCount;
		};
	}

	/** One line of the request body. */
	record Line(String productId, int quantity, BigDecimal unitPrice) {

		static Line of(Product product, int quantity) {
			return new Line(product.productId(), quantity, product.price());
		}

	}

}
