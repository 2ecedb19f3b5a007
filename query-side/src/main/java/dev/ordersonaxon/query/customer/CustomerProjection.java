package dev.ordersonaxon.query.customer;

import java.util.Optional;
import java.util.function.UnaryOperator;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;

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

import org.springframework.stereotype.Component;

/** Keeps each customer's credit limit, reserved and available credit. */
@Component
@ProcessingGroup(CustomerProjection.PROCESSING_GROUP)
class CustomerProjection {

	static final String PROCESSING_GROUP = "customers";

	private final CustomerViews views;

	CustomerProjection(CustomerViews views) {
		this.views = views;
	}

	@EventHandler
	void on(CustomerCreatedEvent event) {
		this.views.save(credit(event.customerId(), event.name(), event.creditLimit(), Money.ZERO));
	}

	@EventHandler
	void on(CreditLimitChangedEvent event) {
		update(event.customerId(),
				(view) -> credit(view.customerId(), view.name(), event.creditLimit(), view.creditReserved()));
	}

	@EventHandler
	void on(CreditReservedEvent event) {
		update(event.customerId(), (view) -> credit(view.customerId(), view.name(), view.creditLimit(),
				view.creditReserved().plus(event.amount())));
	}

	@EventHandler
	void on(CreditReleasedEvent event) {
		update(event.customerId(), (view) -> credit(view.customerId(), view.name(), view.creditLimit(),
				view.creditReserved().minus(event.amount())));
	}

	@ResetHandler
	void reset() {
		this.views.startRebuild();
	}

	@QueryHandler
	Optional<CustomerView> handle(FindCustomerQuery query) {
		return this.views.find(query.customerId());
	}

	@QueryHandler
	PageView<CustomerView> handle(FindCustomersQuery query) {
		return this.views.page(query.page(), query.size());
	}

	private void update(CustomerId customerId, UnaryOperator<CustomerView> change) {
		this.views.find(customerId).map(change).ifPresent(this.views::save);
	}

	private static CustomerView credit(CustomerId customerId, String name, Money limit, Money reserved) {
		return new CustomerView(customerId, name, limit, reserved, limit.minus(reserved));
	}

}
