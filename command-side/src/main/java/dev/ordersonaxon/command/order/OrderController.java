package dev.ordersonaxon.command.order;

import java.util.List;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.CancelOrderCommand;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.order.OrderStatus;
import dev.ordersonaxon.api.order.PlaceOrderCommand;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.command.idempotency.IdempotencyKey;
import dev.ordersonaxon.command.web.IdempotentCommands;
import dev.ordersonaxon.web.security.CallerScope;
import dev.ordersonaxon.web.security.Role;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Accepts orders. Placing answers 202: the order saga decides asynchronously, and the
 * query side shows the outcome.
 */
@RestController
// produces: an Accept that JSON cannot satisfy is refused (406) before the command is
// sent, not after it was applied
@RequestMapping(path = "/api/orders", produces = MediaType.APPLICATION_JSON_VALUE)
class OrderController {

	private final IdempotentCommands commands;

	private final CallerScope caller;

	OrderController(IdempotentCommands commands, CallerScope caller) {
		this.commands = commands;
		this.caller = caller;
	}

	/**
	 * 202 with the order's id. Repeating it is safe with an Idempotency-Key, or with the
	 * order's own id (the repeat is answered as the first was); without either, each
	 * request places an order. While the node is overloaded, a request never gets here:
	 * it is answered 503 with Retry-After at the door (see
	 * {@code dev.ordersonaxon.command.admission}).
	 */
	@PostMapping
	ResponseEntity<Object> place(IdempotencyKey key, @Valid @RequestBody PlaceOrderRequest request) {
		if (!this.caller.reaches(Role.CLERK, request.customerId())) {
			throw new AccessDeniedException("A customer's token places orders for its own customer only.");
		}
		OrderId orderId = (request.orderId() != null) ? new OrderId(request.orderId()) : OrderId.generate();
		CustomerId customerId = new CustomerId(request.customerId());
		List<OrderLine> lines = request.lines()
			.stream()
			.map((line) -> new OrderLine(new ProductId(line.productId()), line.quantity(), Money.of(line.unitPrice())))
			.toList();
		return this.commands.create(new PlaceOrderCommand(orderId, customerId, lines), orderId.value(),
				(placed) -> placed instanceof OrderPlacedEvent event && event.customerId().equals(customerId)
						&& event.lines().equals(lines),
				key, request, HttpStatus.ACCEPTED, new OrderStatusResponse(orderId.value(), OrderStatus.PENDING));
	}

	/**
	 * 202; cancelling a cancelled order again is refused (409) unless the key is the
	 * same.
	 */
	@PostMapping("/{orderId}/cancel")
	ResponseEntity<Object> cancel(IdempotencyKey key, @PathVariable String orderId) {
		CustomerId onlyFor = this.caller.confinement(Role.CLERK).map(CustomerId::new).orElse(null);
		return this.commands.send(new CancelOrderCommand(new OrderId(orderId), onlyFor), key, "", HttpStatus.ACCEPTED,
				new OrderStatusResponse(orderId, OrderStatus.CANCELLED));
	}

}
