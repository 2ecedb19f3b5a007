package dev.ordersonaxon.command.product;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.product.CreateProductCommand;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.api.product.RestockProductCommand;
import dev.ordersonaxon.command.web.TimeLimitedCommands;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/products")
class ProductController {

	private final TimeLimitedCommands commands;

	ProductController(TimeLimitedCommands commands) {
		this.commands = commands;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	ProductCreatedResponse create(@Valid @RequestBody CreateProductRequest request) {
		ProductId productId = (request.productId() != null) ? new ProductId(request.productId()) : ProductId.generate();
		this.commands.sendAndWait(
				new CreateProductCommand(productId, request.name(), Money.of(request.price()), request.stock()));
		return new ProductCreatedResponse(productId.value());
	}

	@PostMapping("/{productId}/restock")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void restock(@PathVariable String productId, @Valid @RequestBody RestockRequest request) {
		this.commands.sendAndWait(new RestockProductCommand(new ProductId(productId), request.quantity()));
	}

}
