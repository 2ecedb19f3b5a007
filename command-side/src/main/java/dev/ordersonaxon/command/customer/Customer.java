package dev.ordersonaxon.command.customer;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSetter;
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
import dev.ordersonaxon.api.customer.ChangeCreditLimitCommand;
import dev.ordersonaxon.api.customer.CreateCustomerCommand;
import dev.ordersonaxon.api.customer.CreditLimitChangedEvent;
import dev.ordersonaxon.api.customer.CreditLimitExceededEvent;
import dev.ordersonaxon.api.customer.CreditReleasedEvent;
import dev.ordersonaxon.api.customer.CreditReservedEvent;
import dev.ordersonaxon.api.customer.CustomerCreatedEvent;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.customer.ReleaseCreditCommand;
import dev.ordersonaxon.api.customer.ReserveCreditCommand;
import dev.ordersonaxon.api.order.OrderId;

/**
 * A customer's credit. Every reservation is decided here, one command at a time, so the
 * open reservations can never add up to more than the limit.
 */
// snapshots serialize the fields (Jackson), rebuilding goes through the event handlers
// loaded by type, so another type's id is unknown here (AggregateTypeFilterConfiguration)
@Aggregate(snapshotTriggerDefinition = "aggregateSnapshotTrigger", cache = "customerCache", filterEventsByType = true,
		lockFactory = "customerLocks")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
		isGetterVisibility = Visibility.NONE)
class Customer {

	@AggregateIdentifier
	private CustomerId customerId;

	private Money creditLimit;

	private final Map<OrderId, Money> reservations = new HashMap<>();

	/**
	 * The sum of {@link #reservations}, kept as they change so that a reservation is
	 * decided without adding up every order the customer holds credit for (an approved
	 * order holds it for good, so they only grow). Not in the snapshot: summed as one is
	 * loaded.
	 */
	@JsonIgnore
	private Money reserved = Money.ZERO;

	Customer() {
		// for Axon to rebuild the customer from its events
	}

	@CommandHandler
	Customer(CreateCustomerCommand command) {
		Names.problem(command.name()).ifPresent((problem) -> {
			throw invalid("name " + problem);
		});
		requireValidLimit(command.creditLimit());
		apply(new CustomerCreatedEvent(command.customerId(), command.name(), command.creditLimit()));
	}

	@CommandHandler
	void handle(ChangeCreditLimitCommand command) {
		requireValidLimit(command.creditLimit());
		// PUT semantics: setting the limit it already has records nothing
		if (!command.creditLimit().equals(this.creditLimit)) {
			apply(new CreditLimitChangedEvent(this.customerId, command.creditLimit()));
		}
	}

	@CommandHandler
	void handle(ReserveCreditCommand command) {
		if (command.orderId() == null) {
			throw invalid("orderId is required");
		}
		// zero is an order of free products only: it holds nothing, yet is recorded, so
		// that
		// such an order goes through the saga like any other
		if (command.amount() == null || command.amount().isNegative()) {
			throw invalid("amount must be zero or more");
		}
		// a redelivered command from the saga must not hold the credit twice
		if (this.reservations.containsKey(command.orderId())) {
			return;
		}
		Money available = this.creditLimit.minus(this.reserved);
		if (command.amount().isGreaterThan(available)) {
			Money shown = available.isNegative() ? Money.ZERO : available;
			apply(new CreditLimitExceededEvent(this.customerId, command.orderId(), command.amount(), shown));
		}
		else {
			apply(new CreditReservedEvent(this.customerId, command.orderId(), command.amount()));
		}
	}

	@CommandHandler
	void handle(ReleaseCreditCommand command) {
		Money held = this.reservations.get(command.orderId());
		if (held != null) {
			apply(new CreditReleasedEvent(this.customerId, command.orderId(), held));
		}
	}

	@EventSourcingHandler
	void on(CustomerCreatedEvent event) {
		this.customerId = event.customerId();
		this.creditLimit = event.creditLimit();
	}

	@EventSourcingHandler
	void on(CreditLimitChangedEvent event) {
		this.creditLimit = event.creditLimit();
	}

	@EventSourcingHandler
	void on(CreditReservedEvent event) {
		Money before = this.reservations.put(event.orderId(), event.amount());
		this.reserved = this.reserved.plus(event.amount());
		if (before != null) {
			this.reserved = this.reserved.minus(before);
		}
	}

	@EventSourcingHandler
	void on(CreditReleasedEvent event) {
		Money held = this.reservations.remove(event.orderId());
		if (held != null) {
			this.reserved = this.reserved.minus(held);
		}
	}

	/** How a snapshot's reservations are restored, with their sum. */
	@JsonSetter("reservations")
	private void restore(Map<OrderId, Money> held) {
		this.reservations.clear();
		this.reservations.putAll(held);
		this.reserved = held.values().stream().reduce(Money.ZERO, Money::plus);
	}

	private static void requireValidLimit(Money creditLimit) {
		if (creditLimit == null || creditLimit.isNegative()) {
			throw invalid("creditLimit must be zero or more");
		}
		if (!Limits.withinMaxAmount(creditLimit)) {
			throw invalid("creditLimit must be at most " + Limits.MAX_AMOUNT);
		}
	}

	private static CommandRefusedException invalid(String message) {
		return new CommandRefusedException(ErrorCode.INVALID_COMMAND, message);
	}

}
