package dev.ordersonaxon.command.order;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import dev.ordersonaxon.api.CommandRefusedException;
import dev.ordersonaxon.api.ErrorCode;
import dev.ordersonaxon.api.Limits;
import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.ApproveOrderCommand;
import dev.ordersonaxon.api.order.CancelOrderCommand;
import dev.ordersonaxon.api.order.OrderApprovedEvent;
import dev.ordersonaxon.api.order.OrderCancelledEvent;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.order.OrderRejectedEvent;
import dev.ordersonaxon.api.order.OrderStatus;
import dev.ordersonaxon.api.order.PlaceOrderCommand;
import dev.ordersonaxon.api.order.RejectOrderCommand;
import dev.ordersonaxon.api.product.ProductId;

/**
 * An order's lifecycle. Approval and rejection come from the saga, which may race a
 * cancellation by the customer, so they are silently ignored once the order has left
 * {@code PENDING}; only the customer's cancel is refused.
 */
// loaded by type, so another type's id is unknown here (AggregateTypeFilterConfiguration)
@Aggregate(cache = "orderCache", filterEventsByType = true, lockFactory = "orderLocks")
class Order {

	@AggregateIdentifier
	private OrderId orderId;

	private CustomerId customerId;

	private List<OrderLine> lines;

	private OrderStatus status;

	Order() {
		// for Axon to rebuild the order from its events
	}

	@CommandHandler
	Order(PlaceOrderCommand command) {
		if (command.customerId() == null) {
			throw invalid("customerId is required");
		}
		requireValidLines(command.lines());
		Money total = command.lines().stream().map(OrderLine::lineTotal).reduce(Money.ZERO, Money::plus);
		if (!Limits.withinMaxAmount(total)) {
			throw invalid("the order total " + total + " must be at most " + Limits.MAX_AMOUNT);
		}
		apply(new OrderPlacedEvent(command.orderId(), command.customerId(), command.lines(), total));
	}

	@CommandHandler
	void handle(ApproveOrderCommand command) {
		if (this.status == OrderStatus.PENDING) {
			apply(new OrderApprovedEvent(this.orderId));
		}
	}

	@CommandHandler
	void handle(RejectOrderCommand command) {
		if (command.reason() == null) {
			throw invalid("reason is required");
		}
		if (this.status == OrderStatus.PENDING) {
			apply(new OrderRejectedEvent(this.orderId, command.reason()));
		}
	}

	@CommandHandler
	void handle(CancelOrderCommand command) {
		if (command.onlyFor() != null && !command.onlyFor().equals(this.customerId)) {
			// another customer's order is answered as if it did not exist: ids cannot be
			// probed
			throw new AggregateNotFoundException(this.orderId.value(), "No order " + this.orderId);
		}
		if (this.status.isFinal()) {
			throw new CommandRefusedException(ErrorCode.ILLEGAL_STATE,
					"order " + this.orderId + " is already " + this.status);
		}
		apply(new OrderCancelledEvent(this.orderId, this.customerId, this.lines, this.status));
	}

	@EventSourcingHandler
	void on(OrderPlacedEvent event) {
		this.orderId = event.orderId();
		this.customerId = event.customerId();
		this.lines = event.lines();
		this.status = OrderStatus.PENDING;
	}

	@EventSourcingHandler
	void on(OrderApprovedEvent event) {
		this.status = OrderStatus.APPROVED;
	}

	@EventSourcingHandler
	void on(OrderRejectedEvent event) {
		this.status = OrderStatus.REJECTED;
	}

	@EventSourcingHandler
	void on(OrderCancelledEvent event) {
		this.status = OrderStatus.CANCELLED;
	}

	private static void requireValidLines(List<OrderLine> lines) {
		if (lines.isEmpty()) {
			throw invalid("an order needs at least one line");
		}
		if (lines.size() > Limits.MAX_LINES) {
			throw invalid("an order has at most " + Limits.MAX_LINES + " lines");
		}
		Set<ProductId> products = new HashSet<>();
		for (OrderLine line : lines) {
			if (line.productId() == null) {
				throw invalid("every line needs a productId");
			}
			if (line.quantity() < 1 || line.quantity() > Limits.MAX_QUANTITY) {
				throw invalid("quantity of " + line.productId() + " must be from 1 to " + Limits.MAX_QUANTITY);
			}
			if (line.unitPrice() == null || line.unitPrice().isNegative()) {
				throw invalid("unitPrice of " + line.productId() + " must be zero or more");
			}
			if (!Limits.withinMaxAmount(line.unitPrice())) {
				throw invalid("unitPrice of " + line.productId() + " must be at most " + Limits.MAX_AMOUNT);
			}
			if (!products.add(line.productId())) {
				throw invalid("product " + line.productId() + " appears more than once");
			}
		}
	}

	private static CommandRefusedException invalid(String message) {
		return new CommandRefusedException(ErrorCode.INVALID_COMMAND, message);
	}

}
