package dev.ordersonaxon.command.customer;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.ChangeCreditLimitCommand;
import dev.ordersonaxon.api.customer.CreateCustomerCommand;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.command.web.TimeLimitedCommands;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/customers")
class CustomerController {

	private final TimeLimitedCommands commands;

	CustomerController(TimeLimitedCommands commands) {
		this.commands = commands;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	CustomerCreatedResponse create(@Valid @RequestBody CreateCustomerRequest request) {
		CustomerId customerId = (request.customerId() != null) ? new CustomerId(request.customerId())
				: CustomerId.generate();
		this.commands
			.sendAndWait(new CreateCustomerCommand(customerId, request.name(), Money.of(request.creditLimit())));
		return new CustomerCreatedResponse(customerId.value());
	}

	@PutMapping("/{customerId}/credit-limit")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void changeCreditLimit(@PathVariable String customerId, @Valid @RequestBody ChangeCreditLimitRequest request) {
		this.commands
			.sendAndWait(new ChangeCreditLimitCommand(new CustomerId(customerId), Money.of(request.creditLimit())));
	}

}
