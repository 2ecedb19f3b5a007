package dev.ordersonaxon.query.order;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.FindOrderQuery;
import dev.ordersonaxon.api.order.FindOrdersQuery;
import dev.ordersonaxon.api.order.OrderApprovedEvent;
import dev.ordersonaxon.api.order.OrderCancelledEvent;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.order.OrderRejectedEvent;
import dev.ordersonaxon.api.order.OrderStatus;
import dev.ordersonaxon.api.order.OrderView;
import dev.ordersonaxon.api.order.RejectionReason;
import dev.ordersonaxon.api.product.ProductId;

import static org.assertj.core.api.Assertions.assertThat;

class OrderProjectionTest {

	private static final OrderId ORDER = new OrderId("order-1");

	private static final CustomerId ADA = new CustomerId("ada");

	private static final List<OrderLine> LINES = List.of(new OrderLine(new ProductId("widget"), 2, Money.of("5.00")));

	private static final Instant PLACED = Instant.parse("2026-01-01T10:00:00Z");

	private static final Instant LATER = Instant.parse("2026-01-01T10:00:05Z");

	private final InMemoryOrderViews views = new InMemoryOrderViews();

	private final OrderProjection projection = new OrderProjection(this.views);

	@Test
	void placedOrderIsPending() {
		place();

		assertThat(view())
			.isEqualTo(new OrderView(ORDER, ADA, LINES, Money.of("10.00"), OrderStatus.PENDING, null, PLACED, PLACED));
	}

	@Test
	void approvedOrderIsApprovedAndUpdatedThen() {
		place();

		this.projection.on(new OrderApprovedEvent(ORDER), LATER);

		assertThat(view().status()).isEqualTo(OrderStatus.APPROVED);
		assertThat(view().placedAt()).isEqualTo(PLACED);
		assertThat(view().updatedAt()).isEqualTo(LATER);
	}

	@Test
	void rejectedOrderKeepsTheReason() {
		place();

		this.projection.on(new OrderRejectedEvent(ORDER, RejectionReason.CREDIT_LIMIT_EXCEEDED), LATER);

		assertThat(view().status()).isEqualTo(OrderStatus.REJECTED);
		assertThat(view().rejectionReason()).isEqualTo(RejectionReason.CREDIT_LIMIT_EXCEEDED);
		assertThat(view().updatedAt()).isEqualTo(LATER);
	}

	@Test
	void cancelledOrderIsCancelled() {
		place();
		this.projection.on(new OrderApprovedEvent(ORDER), LATER);

		this.projection.on(new OrderCancelledEvent(ORDER, ADA, LINES, OrderStatus.APPROVED), LATER);

		assertThat(view().status()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(view().rejectionReason()).isNull();
	}

	@Test
	void eventsForAnUnknownOrderAreIgnored() {
		this.projection.on(new OrderApprovedEvent(ORDER), LATER);

		assertThat(this.views.find(ORDER)).isEmpty();
	}

	@Test
	void resetClearsTheView() {
		place();

		this.projection.reset();

		assertThat(this.views.find(ORDER)).isEmpty();
	}

	@Test
	void answersQueriesFromTheView() {
		place();
		OrderId newer = new OrderId("order-2");
		this.projection.on(new OrderPlacedEvent(newer, new CustomerId("bob"), LINES, Money.of("10.00")), LATER);

		assertThat(this.projection.handle(new FindOrderQuery(ORDER))).contains(view());
		assertThat(this.projection.handle(new FindOrderQuery(new OrderId("none")))).isEmpty();
		OrderListing all = this.projection.handle(new FindOrdersQuery(null, null, 0, 20));
		assertThat(all.content()).extracting(OrderView::orderId).containsExactly(newer, ORDER);
		OrderListing ofAda = this.projection.handle(new FindOrdersQuery(ADA, OrderStatus.PENDING, 0, 20));
		assertThat(ofAda.content()).extracting(OrderView::orderId).containsExactly(ORDER);
		OrderListing first = this.projection.handle(new FindOrdersQuery(null, null, 0, 1));
		assertThat(first.content()).extracting(OrderView::orderId).containsExactly(newer);
		assertThat(first.more()).isTrue();
		OrderListing rest = this.projection.handle(new FindOrdersAfterQuery(null, null, first.next().orElseThrow(), 1));
		assertThat(rest.content()).extracting(OrderView::orderId).containsExactly(ORDER);
		assertThat(rest.more()).isFalse();
		assertThat(rest.next()).isEmpty();
	}

	private void place() {
		this.projection.on(new OrderPlacedEvent(ORDER, ADA, LINES, Money.of("10.00")), PLACED);
	}

	private OrderView view() {
		return this.views.find(ORDER).orElseThrow();
	}

	static class InMemoryOrderViews implements OrderViews {

		private final Map<OrderId, OrderView> views = new LinkedHashMap<>();

		@Override
		public Optional<OrderView> find(OrderId orderId) {
			return Optional.ofNullable(this.views.get(orderId));
		}

		@Override
		public Map<OrderId, OrderView> findAll(Collection<OrderId> orderIds) {
			Map<OrderId, OrderView> found = new LinkedHashMap<>(this.views);
			found.keySet().retainAll(orderIds);
			return found;
		}

		@Override
		public void save(OrderView view) {
			this.views.put(view.orderId(), view);
		}

		@Override
		public OrderListing page(CustomerId customerId, OrderStatus status, int page, int size) {
			List<OrderView> matching = matching(customerId, status).toList();
			List<OrderView> rows = matching.stream().skip((long) page * size).limit(size + 1L).toList();
			return listing(rows, size, (long) matching.size());
		}

		@Override
		public OrderListing after(CustomerId customerId, OrderStatus status, OrderListing.Key after, int size) {
			Comparator<OrderListing.Key> order = Comparator.comparing(OrderListing.Key::placedAt)
				.thenComparing((key) -> key.orderId().value());
			List<OrderView> rows = matching(customerId, status)
				.filter((view) -> order.compare(new OrderListing.Key(view.placedAt(), view.orderId()), after) < 0)
				.limit(size + 1L)
				.toList();
			return listing(rows, size, null);
		}

		@Override
		public List<OrderView> changedSince(CustomerId customerId, Instant since, int limit) {
			return this.views.values()
				.stream()
				.filter((view) -> view.customerId().equals(customerId) && !view.updatedAt().isBefore(since))
				.sorted(Comparator.comparing(OrderView::updatedAt).thenComparing((view) -> view.orderId().value()))
				.limit(limit)
				.toList();
		}

		@Override
		public List<OrderView> pending(CustomerId customerId, int limit) {
			return matching(customerId, OrderStatus.PENDING).sorted(Comparator.comparing(OrderView::placedAt))
				.limit(limit)
				.toList();
		}

		private Stream<OrderView> matching(CustomerId customerId, OrderStatus status) {
			return this.views.values()
				.stream()
				.filter((view) -> customerId == null || view.customerId().equals(customerId))
				.filter((view) -> status == null || view.status() == status)
				.sorted(Comparator.comparing(OrderView::placedAt)
					.thenComparing((view) -> view.orderId().value())
					.reversed());
		}

		private static OrderListing listing(List<OrderView> rows, int size, Long total) {
			return new OrderListing(rows.stream().limit(size).toList(), rows.size() > size, total);
		}

		@Override
		public void startRebuild() {
			this.views.clear();
		}

	}

}
