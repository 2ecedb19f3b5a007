package dev.ordersonaxon.command.customer;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.ChangeCreditLimitCommand;
import dev.ordersonaxon.api.customer.CreateCustomerCommand;
import dev.ordersonaxon.api.customer.CustomerCreatedEvent;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.command.idempotency.IdempotencyKey;
import dev.ordersonaxon.command.web.IdempotentCommands;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
// produces: an Accept that JSON cannot satisfy is refused (406) before the command is
// sent,
// not after it was applied
@RequestMapping(path = "/api/customers", produces = MediaType.APPLICATION_JSON_VALUE)
class CustomerController {

	private final IdempotentCommands commands;

	CustomerController(IdempotentCommands commands) {
		this.commands = commands;
	}

	/**
	 * 201 with the customer's id. Repeating it is safe with an Idempotency-Key, or with
	 * the customer's own id (the repeat is answered as the first was).
	 */
	@PostMapping
	ResponseEntity<Object> create(IdempotencyKey key, @Valid @RequestBody CreateCustomerRequest request) {
		CustomerId customerId = (request.customerId() != null) ? new CustomerId(request.customerId())
				: CustomerId.generate();
		CreateCustomerCommand command = new CreateCustomerCommand(customerId, request.name(),
				Money.of(request.creditLimit()));
		return this.commands.create(command, customerId.value(),
				(created) -> created
					.equals(new CustomerCreatedEvent(command.customerId(), command.name(), command.creditLimit())),
				key, request, HttpStatus.CREATED, new CustomerCreatedResponse(customerId.value()));
	}

	/**
	 * 204. Without an Idempotency-Key a repeat sets the limit again: harmless, unless it
	 * was changed in between.
	 */
	@PutMapping("/{customerId}/credit-limit")
	ResponseEntity<Object> changeCreditLimit(IdempotencyKey key, @PathVariable String customerId,
			@Valid @RequestBody ChangeCreditLimitRequest request) {
		return this.commands.send(
				new ChangeCreditLimitCommand(new CustomerId(customerId), Money.of(request.creditLimit())), key, request,
				HttpStatus.NO_CONTENT, null);
	}

}
