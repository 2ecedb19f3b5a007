package dev.ordersonaxon.query.customer;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.PageView;
import dev.ordersonaxon.api.customer.CreditLimitChangedEvent;
import dev.ordersonaxon.api.customer.CreditReleasedEvent;
import dev.ordersonaxon.api.customer.CreditReservedEvent;
import dev.ordersonaxon.api.customer.CustomerCreatedEvent;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.customer.CustomerView;
import dev.ordersonaxon.api.customer.FindCustomerQuery;
import dev.ordersonaxon.api.customer.FindCustomersQuery;
import dev.ordersonaxon.api.order.OrderId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerProjectionTest {

	private static final CustomerId ADA = new CustomerId("ada");

	private static final OrderId ORDER = new OrderId("order-1");

	private final InMemoryCustomerViews views = new InMemoryCustomerViews();

	private final CustomerProjection projection = new CustomerProjection(this.views);

	@Test
	void createdCustomerHasItsWholeLimitAvailable() {
		this.projection.on(new CustomerCreatedEvent(ADA, "Ada", Money.of("100.00")));

		assertThat(view()).isEqualTo(new CustomerView(ADA, "Ada", Money.of("100.00"), Money.ZERO, Money.of("100.00")));
	}

	@Test
	void changedLimitKeepsReservationsAndMovesAvailableCredit() {
		this.projection.on(new CustomerCreatedEvent(ADA, "Ada", Money.of("100.00")));
		this.projection.on(new CreditReservedEvent(ADA, ORDER, Money.of("30.00")));

		this.projection.on(new CreditLimitChangedEvent(ADA, Money.of("50.00")));

		assertThat(view().creditLimit()).isEqualTo(Money.of("50.00"));
		assertThat(view().creditReserved()).isEqualTo(Money.of("30.00"));
		assertThat(view().creditAvailable()).isEqualTo(Money.of("20.00"));
	}

	@Test
	void reservedCreditIsNoLongerAvailable() {
		this.projection.on(new CustomerCreatedEvent(ADA, "Ada", Money.of("100.00")));

		this.projection.on(new CreditReservedEvent(ADA, ORDER, Money.of("40.50")));

		assertThat(view().creditReserved()).isEqualTo(Money.of("40.50"));
		assertThat(view().creditAvailable()).isEqualTo(Money.of("59.50"));
	}

	@Test
	void releasedCreditIsAvailableAgain() {
		this.projection.on(new CustomerCreatedEvent(ADA, "Ada", Money.of("100.00")));
		this.projection.on(new CreditReservedEvent(ADA, ORDER, Money.of("40.50")));

		this.projection.on(new CreditReleasedEvent(ADA, ORDER, Money.of("40.50")));

		assertThat(view().creditReserved()).isEqualTo(Money.ZERO);
		assertThat(view().creditAvailable()).isEqualTo(Money.of("100.00"));
	}

	@Test
	void eventsForAnUnknownCustomerAreIgnored() {
		this.projection.on(new CreditReservedEvent(ADA, ORDER, Money.of("1.00")));

		assertThat(this.views.find(ADA)).isEmpty();
	}

	@Test
	void resetClearsTheView() {
		this.projection.on(new CustomerCreatedEvent(ADA, "Ada", Money.of("100.00")));

		this.projection.reset();

		assertThat(this.views.find(ADA)).isEmpty();
	}

	@Test
	void answersQueriesFromTheView() {
		this.projection.on(new CustomerCreatedEvent(ADA, "Ada", Money.of("100.00")));
		this.projection.on(new CustomerCreatedEvent(new CustomerId("bob"), "Bob", Money.of("5.00")));

		assertThat(this.projection.handle(new FindCustomerQuery(ADA))).contains(view());
		assertThat(this.projection.handle(new FindCustomerQuery(new CustomerId("nobody")))).isEmpty();
		PageView<CustomerView> page = this.projection.handle(new FindCustomersQuery(1, 1));
		assertThat(page.content()).extracting(CustomerView::name).containsExactly("Bob");
		assertThat(page.totalElements()).isEqualTo(2);
		assertThat(page.totalPages()).isEqualTo(2);
	}

	private CustomerView view() {
		return this.views.find(ADA).orElseThrow();
	}

	static class InMemoryCustomerViews implements CustomerViews {

		private final Map<CustomerId, CustomerView> views = new LinkedHashMap<>();

		@Override
		public Optional<CustomerView> find(CustomerId customerId) {
			return Optional.ofNullable(this.views.get(customerId));
		}

		@Override
		public void save(CustomerView view) {
			this.views.put(view.customerId(), view);
		}

		@Override
		public PageView<CustomerView> page(int page, int size) {
			List<CustomerView> sorted = this.views.values()
				.stream()
				.sorted(Comparator.comparing(CustomerView::name))
				.skip((long) page * size)
				.limit(size)
				.toList();
			return PageView.of(sorted, page, size, this.views.size());
		}

		@Override
		public void startRebuild() {
			this.views.clear();
		}

	}

}
