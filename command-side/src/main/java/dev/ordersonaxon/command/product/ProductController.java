package dev.ordersonaxon.command.product;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.product.CreateProductCommand;
import dev.ordersonaxon.api.product.ProductCreatedEvent;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.api.product.RestockProductCommand;
import dev.ordersonaxon.command.idempotency.IdempotencyKey;
import dev.ordersonaxon.command.web.IdempotentCommands;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
// produces: an Accept that JSON cannot satisfy is refused (406) before the command is
// sent,
// not after it was applied
@RequestMapping(path = "/api/products", produces = MediaType.APPLICATION_JSON_VALUE)
class ProductController {

	private final IdempotentCommands commands;

	ProductController(IdempotentCommands commands) {
		this.commands = commands;
	}

	/**
	 * 201 with the product's id. Repeating it is safe with an Idempotency-Key, or with
	 * the product's own id (the repeat is answered as the first was).
	 */
	@PostMapping
	ResponseEntity<Object> create(IdempotencyKey key, @Valid @RequestBody CreateProductRequest request) {
		ProductId productId = (request.productId() != null) ? new ProductId(request.productId()) : ProductId.generate();
		CreateProductCommand command = new CreateProductCommand(productId, request.name(), Money.of(request.price()),
				request.stock());
		return this.commands.create(command, productId.value(),
				(created) -> created.equals(
						new ProductCreatedEvent(command.productId(), command.name(), command.price(), command.stock())),
				key, request, HttpStatus.CREATED, new ProductCreatedResponse(productId.value()));
	}

	/**
	 * 204. Adds the quantity each time it is sent, unless it carries an Idempotency-Key:
	 * then only the first time.
	 */
	@PostMapping("/{productId}/restock")
	ResponseEntity<Object> restock(IdempotencyKey key, @PathVariable String productId,
			@Valid @RequestBody RestockRequest request) {
		return this.commands.send(new RestockProductCommand(new ProductId(productId), request.quantity()), key, request,
				HttpStatus.NO_CONTENT, null);
	}

}
