package dev.ordersonaxon.command.order;

import java.util.List;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.CancelOrderCommand;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.OrderStatus;
import dev.ordersonaxon.api.order.PlaceOrderCommand;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.command.web.TimeLimitedCommands;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Accepts orders. Placing answers 202: the order saga decides asynchronously, and the
 * query side shows the outcome.
 */
@RestController
@RequestMapping("/api/orders")
class OrderController {

	private final TimeLimitedCommands commands;

	OrderController(TimeLimitedCommands commands) {
		this.commands = commands;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.ACCEPTED)
	OrderStatusResponse place(@Valid @RequestBody PlaceOrderRequest request) {
		OrderId orderId = (request.orderId() != null) ? new OrderId(request.orderId()) : OrderId.generate();
		List<OrderLine> lines = request.lines()
			.stream()
			.map((line) -> new OrderLine(new ProductId(line.productId()), line.quantity(), Money.of(line.unitPrice())))
			.toList();
		this.commands.sendAndWait(new PlaceOrderCommand(orderId, new CustomerId(request.customerId()), lines));
		return new OrderStatusResponse(orderId.value(), OrderStatus.PENDING);
	}

	@PostMapping("/{orderId}/cancel")
	@ResponseStatus(HttpStatus.ACCEPTED)
	OrderStatusResponse cancel(@PathVariable String orderId) {
		this.commands.sendAndWait(new CancelOrderCommand(new OrderId(orderId)));
		return new OrderStatusResponse(orderId, OrderStatus.CANCELLED);
	}

}
