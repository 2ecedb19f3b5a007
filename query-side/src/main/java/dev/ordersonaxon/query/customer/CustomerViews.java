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

	void deleteAll();

}
