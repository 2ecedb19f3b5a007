package dev.ordersonaxon.benchmark.replay;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CreditLimitExceededEvent;
import dev.ordersonaxon.api.customer.CreditReleasedEvent;
import dev.ordersonaxon.api.customer.CreditReservedEvent;
import dev.ordersonaxon.api.customer.CustomerCreatedEvent;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.OrderApprovedEvent;
import dev.ordersonaxon.api.order.OrderCancelledEvent;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.order.OrderRejectedEvent;
import dev.ordersonaxon.api.order.OrderStatus;
import dev.ordersonaxon.api.order.RejectionReason;
import dev.ordersonaxon.api.product.ProductCreatedEvent;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.api.product.StockReleasedEvent;
import dev.ordersonaxon.api.product.StockReservationRejectedEvent;
import dev.ordersonaxon.api.product.StockReservedEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;

/**
 * Writes complete, valid order histories as the aggregates and the saga would have: every
 * aggregate's events numbered from 0 without gaps, credit never above a limit, stock
 * never below zero. It keeps what the views must show once they are rebuilt.
 * <p>
 * Mix: mostly approvals, a tenth over a thin customer's credit, some out of stock, some
 * cancelled after approval.
 */
final class HistoryGenerator {

	static final String CUSTOMER = "Customer";

	static final String PRODUCT = "Product";

	static final String ORDER = "Order";

	static final Money AMPLE_CREDIT = Money.of("1000000000.00");

	static final Money THIN_CREDIT = Money.of("1.00");

	static final int INITIAL_STOCK = 1_000_000_000;

	private final String prefix;

	private final Random random;

	private final List<CustomerId> customers = new ArrayList<>();

	private final List<ProductId> products = new ArrayList<>();

	private final Map<String, Money> prices = new HashMap<>();

	private final Map<ProductId, Integer> productIndexes = new HashMap<>();

	private final Map<String, Long> sequences = new HashMap<>();

	private final Map<String, Money> creditReserved = new HashMap<>();

	private final Map<String, Long> stockReserved = new HashMap<>();

	private final Map<String, OrderStatus> orderStatuses = new HashMap<>();

	private final int thinCustomers;

	private final int bareProducts;

	private boolean catalogWritten;

	private int orders;

	HistoryGenerator(String prefix, int customerCount, int productCount, long seed) {
		if (customerCount < 2 || productCount < 2) {
			throw new IllegalArgumentException("need at least 2 customers and 2 products");
		}
		this.prefix = prefix;
		this.random = new Random(seed);
		this.thinCustomers = Math.max(1, customerCount / 10);
		this.bareProducts = Math.max(1, productCount / 10);
		for (int i = 0; i < customerCount; i++) {
			this.customers.add(new CustomerId(prefix + "-c" + i));
		}
		for (int i = 0; i < productCount; i++) {
			ProductId product = new ProductId(prefix + "-p" + i);
			this.products.add(product);
			this.productIndexes.put(product, i);
			this.prices.put(product.value(), Money.of(BigDecimal.valueOf(200 + this.random.nextInt(9_800), 2)));
		}
	}

	/** The next events: at least {@code atLeast}, ending with a whole order history. */
	List<DomainEventMessage<?>> next(int atLeast) {
		List<DomainEventMessage<?>> events = new ArrayList<>();
		if (!this.catalogWritten) {
			writeCatalog(events);
			this.catalogWritten = true;
		}
		while (events.size() < atLeast) {
			writeOrder(events);
		}
		return events;
	}

	private void writeCatalog(List<DomainEventMessage<?>> events) {
		for (int i = 0; i < this.customers.size(); i++) {
			CustomerId customer = this.customers.get(i);
			Money limit = isThin(i) ? THIN_CREDIT : AMPLE_CREDIT;
			events.add(event(CUSTOMER, customer.value(), new CustomerCreatedEvent(customer, "Customer " + i, limit)));
			this.creditReserved.put(customer.value(), Money.ZERO);
		}
		for (int i = 0; i < this.products.size(); i++) {
			ProductId product = this.products.get(i);
			int stock = isBare(i) ? 0 : INITIAL_STOCK;
			events.add(event(PRODUCT, product.value(),
					new ProductCreatedEvent(product, "Product " + i, this.prices.get(product.value()), stock)));
			this.stockReserved.put(product.value(), 0L);
		}
	}

	private void writeOrder(List<DomainEventMessage<?>> events) {
		OrderId order = new OrderId(this.prefix + "-o" + this.orders++);
		double roll = this.random.nextDouble();
		boolean creditExceeded = roll < 0.10;
		boolean outOfStock = !creditExceeded && roll < 0.15;
		boolean cancelled = !creditExceeded && !outOfStock && roll < 0.20;
		int customerIndex = creditExceeded ? this.random.nextInt(this.thinCustomers)
				: this.thinCustomers + this.random.nextInt(this.customers.size() - this.thinCustomers);
		CustomerId customer = this.customers.get(customerIndex);
		List<OrderLine> lines = lines(outOfStock);
		Money total = lines.stream().map(OrderLine::lineTotal).reduce(Money.ZERO, Money::plus);
		events.add(event(ORDER, order.value(), new OrderPlacedEvent(order, customer, lines, total)));
		if (creditExceeded) {
			Money available = THIN_CREDIT.minus(this.creditReserved.get(customer.value()));
			events.add(
					event(CUSTOMER, customer.value(), new CreditLimitExceededEvent(customer, order, total, available)));
			events
				.add(event(ORDER, order.value(), new OrderRejectedEvent(order, RejectionReason.CREDIT_LIMIT_EXCEEDED)));
			this.orderStatuses.put(order.value(), OrderStatus.REJECTED);
			return;
		}
		events.add(event(CUSTOMER, customer.value(), new CreditReservedEvent(customer, order, total)));
		List<OrderLine> reserved = new ArrayList<>();
		for (OrderLine line : lines) {
			String product = line.productId().value();
			if (isBare(this.productIndexes.get(line.productId()))) {
				events.add(event(PRODUCT, product, new StockReservationRejectedEvent(line.productId(), order,
						line.quantity(), RejectionReason.OUT_OF_STOCK)));
			}
			else {
				events.add(event(PRODUCT, product, new StockReservedEvent(line.productId(), order, line.quantity())));
				reserved.add(line);
			}
		}
		if (outOfStock) {
			for (OrderLine line : reserved) {
				events.add(event(PRODUCT, line.productId().value(),
						new StockReleasedEvent(line.productId(), order, line.quantity())));
			}
			events.add(event(CUSTOMER, customer.value(), new CreditReleasedEvent(customer, order, total)));
			events.add(event(ORDER, order.value(), new OrderRejectedEvent(order, RejectionReason.OUT_OF_STOCK)));
			this.orderStatuses.put(order.value(), OrderStatus.REJECTED);
			return;
		}
		events.add(event(ORDER, order.value(), new OrderApprovedEvent(order)));
		if (cancelled) {
			events.add(
					event(ORDER, order.value(), new OrderCancelledEvent(order, customer, lines, OrderStatus.APPROVED)));
			events.add(event(CUSTOMER, customer.value(), new CreditReleasedEvent(customer, order, total)));
			for (OrderLine line : lines) {
				events.add(event(PRODUCT, line.productId().value(),
						new StockReleasedEvent(line.productId(), order, line.quantity())));
			}
			this.orderStatuses.put(order.value(), OrderStatus.CANCELLED);
			return;
		}
		this.creditReserved.merge(customer.value(), total, Money::plus);
		for (OrderLine line : lines) {
			this.stockReserved.merge(line.productId().value(), (long) line.quantity(), Long::sum);
		}
		this.orderStatuses.put(order.value(), OrderStatus.APPROVED);
	}

	/**
	 * One to three lines of distinct stocked products; out of stock swaps the last for a
	 * bare one.
	 */
	private List<OrderLine> lines(boolean outOfStock) {
		int count = 1 + this.random.nextInt(3);
		List<OrderLine> lines = new ArrayList<>();
		List<Integer> used = new ArrayList<>();
		while (lines.size() < count) {
			int index = this.bareProducts + this.random.nextInt(this.products.size() - this.bareProducts);
			if (used.contains(index)) {
				continue;
			}
			used.add(index);
			lines.add(line(index));
		}
		if (outOfStock) {
			lines.set(lines.size() - 1, line(this.random.nextInt(this.bareProducts)));
		}
		return lines;
	}

	private OrderLine line(int productIndex) {
		ProductId product = this.products.get(productIndex);
		return new OrderLine(product, 1 + this.random.nextInt(3), this.prices.get(product.value()));
	}

	private DomainEventMessage<?> event(String type, String aggregateId, Object payload) {
		long sequence = this.sequences.merge(aggregateId, 1L, Long::sum) - 1;
		return new GenericDomainEventMessage<>(type, aggregateId, sequence, payload);
	}

	private boolean isThin(int customerIndex) {
		return customerIndex < this.thinCustomers;
	}

	private boolean isBare(int productIndex) {
		return productIndex < this.bareProducts;
	}

	/** What each customer's view must show after the rebuild. */
	Map<String, Expected.Customer> expectedCustomers() {
		Map<String, Expected.Customer> expected = new HashMap<>();
		for (int i = 0; i < this.customers.size(); i++) {
			String id = this.customers.get(i).value();
			expected.put(id,
					new Expected.Customer(isThin(i) ? THIN_CREDIT : AMPLE_CREDIT, this.creditReserved.get(id)));
		}
		return expected;
	}

	/** What each product's view must show after the rebuild. */
	Map<String, Expected.Product> expectedProducts() {
		Map<String, Expected.Product> expected = new HashMap<>();
		for (int i = 0; i < this.products.size(); i++) {
			String id = this.products.get(i).value();
			long reserved = this.stockReserved.get(id);
			long stock = isBare(i) ? 0 : INITIAL_STOCK;
			expected.put(id, new Expected.Product(stock - reserved, reserved));
		}
		return expected;
	}

	/** Final status of every order written so far. */
	Map<String, OrderStatus> orderStatuses() {
		return Map.copyOf(this.orderStatuses);
	}

	int orderCount() {
		return this.orders;
	}

}
