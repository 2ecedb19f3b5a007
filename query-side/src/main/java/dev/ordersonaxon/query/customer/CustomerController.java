package dev.ordersonaxon.query.customer;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;

import dev.ordersonaxon.api.PageView;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.customer.CustomerView;
import dev.ordersonaxon.api.customer.FindCustomerQuery;
import dev.ordersonaxon.api.customer.FindCustomersQuery;
import dev.ordersonaxon.query.infrastructure.Ids;
import dev.ordersonaxon.query.infrastructure.NotFoundException;
import dev.ordersonaxon.query.infrastructure.PageResponseType;
import dev.ordersonaxon.query.infrastructure.Paging;

import dev.ordersonaxon.web.security.CallerScope;
import dev.ordersonaxon.web.security.Role;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/customers")
class CustomerController {

	private final QueryGateway queries;

	private final CallerScope caller;

	CustomerController(QueryGateway queries, CallerScope caller) {
		this.queries = queries;
		this.caller = caller;
	}

	/** A customer's token reads its own customer only; any other is not found. */
	@GetMapping("/{id}")
	CustomerView customer(@PathVariable String id) {
		CustomerId customerId = Ids.parse(id, CustomerId::new, "customer");
		if (!this.caller.reaches(Role.VIEWER, customerId.value())) {
			throw new NotFoundException("No customer with id '" + id + "'");
		}
		return this.queries
			.query(new FindCustomerQuery(customerId), ResponseTypes.optionalInstanceOf(CustomerView.class))
			.join()
			.orElseThrow(() -> new NotFoundException("No customer with id '" + id + "'"));
	}

	@GetMapping
	PageView<CustomerView> customers(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		Paging.validate(page, size);
		return this.queries.query(new FindCustomersQuery(page, size), PageResponseType.pageOf(CustomerView.class))
			.join();
	}

}
