package dev.ordersonaxon.query.customer;

import java.util.Optional;

import dev.ordersonaxon.api.PageView;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.customer.CustomerView;

/** Where the customer views are kept. */
interface CustomerViews {

	Optional<CustomerView> find(CustomerId customerId);

	void save(CustomerView view);

	PageView<CustomerView> page(int page, int size);

	/**
	 * Starts the views over, for a replay that rebuilds them from the first event: the
	 * projection's writes from now on go into an empty view, which (on PostgreSQL) the
	 * API reads only once the replay has caught up ({@code ViewTable}).
	 */
	void startRebuild();

}
