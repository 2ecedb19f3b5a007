package dev.ordersonaxon.command.product;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import dev.ordersonaxon.api.CommandRefusedException;
import dev.ordersonaxon.api.ErrorCode;
import dev.ordersonaxon.api.Limits;
import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.Names;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.RejectionReason;
import dev.ordersonaxon.api.product.CreateProductCommand;
import dev.ordersonaxon.api.product.ProductCreatedEvent;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.api.product.ProductRestockedEvent;
import dev.ordersonaxon.api.product.ReleaseStockCommand;
import dev.ordersonaxon.api.product.ReserveStockCommand;
import dev.ordersonaxon.api.product.RestockProductCommand;
import dev.ordersonaxon.api.product.StockReleasedEvent;
import dev.ordersonaxon.api.product.StockReservationRejectedEvent;
import dev.ordersonaxon.api.product.StockReservedEvent;

/**
 * A product's price and stock. Stock is held per order, so a reservation can be given
 * back exactly once and available stock never drops below zero.
 */
// snapshots serialize the fields (Jackson), rebuilding goes through the event handlers
// loaded by type, so another type's id is unknown here (AggregateTypeFilterConfiguration)
@Aggregate(snapshotTriggerDefinition = "aggregateSnapshotTrigger", cache = "productCache", filterEventsByType = true,
		lockFactory = "productLocks")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
		isGetterVisibility = Visibility.NONE)
class Product {

	@AggregateIdentifier
	private ProductId productId;

	private Money price;

	private int available;

	private final Map<OrderId, Integer> reservations = new HashMap<>();

	Product() {
		// for Axon to rebuild the product from its events
	}

	@CommandHandler
	Product(CreateProductCommand command) {
		Names.problem(command.name()).ifPresent((problem) -> {
			throw invalid("name " + problem);
		});
		if (command.price() == null || command.price().isNegative()) {
			throw invalid("price must be zero or more");
		}
		if (!Limits.withinMaxAmount(command.price())) {
			throw invalid("price must be at most " + Limits.MAX_AMOUNT);
		}
		if (command.stock() < 0) {
			throw invalid("stock must be zero or more");
		}
		if (command.stock() > Limits.MAX_STOCK) {
			throw invalid("stock must be at most " + Limits.MAX_STOCK);
		}
		apply(new ProductCreatedEvent(command.productId(), command.name(), command.price(), command.stock()));
	}

	@CommandHandler
	void handle(RestockProductCommand command) {
		if (command.quantity() < 1) {
			throw invalid("quantity must be at least 1");
		}
		// bounds what is available once every reservation comes back
		if ((long) this.available + reserved() + command.quantity() > Limits.MAX_STOCK) {
			throw invalid("quantity would take the stock (available and reserved) of " + this.productId + " beyond "
					+ Limits.MAX_STOCK);
		}
		apply(new ProductRestockedEvent(this.productId, command.quantity()));
	}

	@CommandHandler
	void handle(ReserveStockCommand command) {
		if (command.orderId() == null) {
			throw invalid("orderId is required");
		}
		if (command.quantity() < 1) {
			throw invalid("quantity must be at least 1");
		}
		if (command.unitPrice() == null) {
			throw invalid("unitPrice is required");
		}
		// a redelivered command from the saga must not hold the stock twice
		if (this.reservations.containsKey(command.orderId())) {
			return;
		}
		if (!command.unitPrice().equals(this.price)) {
			apply(rejection(command, RejectionReason.PRICE_CHANGED));
		}
		else if (command.quantity() > this.available) {
			apply(rejection(command, RejectionReason.OUT_OF_STOCK));
		}
		else {
			apply(new StockReservedEvent(this.productId, command.orderId(), command.quantity()));
		}
	}

	@CommandHandler
	void handle(ReleaseStockCommand command) {
		Integer held = this.reservations.get(command.orderId());
		if (held != null) {
			apply(new StockReleasedEvent(this.productId, command.orderId(), held));
		}
	}

	@EventSourcingHandler
	void on(ProductCreatedEvent event) {
		this.productId = event.productId();
		this.price = event.price();
		this.available = event.stock();
	}

	@EventSourcingHandler
	void on(ProductRestockedEvent event) {
		this.available += event.quantity();
	}

	@EventSourcingHandler
	void on(StockReservedEvent event) {
		this.available -= event.quantity();
		this.reservations.put(event.orderId(), event.quantity());
	}

	@EventSourcingHandler
	void on(StockReleasedEvent event) {
		this.available += event.quantity();
		this.reservations.remove(event.orderId());
	}

	private long reserved() {
		return this.reservations.values().stream().mapToLong(Integer::longValue).sum();
	}

	private StockReservationRejectedEvent rejection(ReserveStockCommand command, RejectionReason reason) {
		return new StockReservationRejectedEvent(this.productId, command.orderId(), command.quantity(), reason);
	}

	private static CommandRefusedException invalid(String message) {
		return new CommandRefusedException(ErrorCode.INVALID_COMMAND, message);
	}

}
