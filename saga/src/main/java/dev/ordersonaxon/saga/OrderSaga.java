package dev.ordersonaxon.saga;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.ordersonaxon.api.customer.CreditLimitExceededEvent;
import dev.ordersonaxon.api.customer.CreditReservedEvent;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.customer.ReleaseCreditCommand;
import dev.ordersonaxon.api.customer.ReserveCreditCommand;
import dev.ordersonaxon.api.order.ApproveOrderCommand;
import dev.ordersonaxon.api.order.OrderApprovedEvent;
import dev.ordersonaxon.api.order.OrderCancelledEvent;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.order.OrderRejectedEvent;
import dev.ordersonaxon.api.order.OrderStatus;
import dev.ordersonaxon.api.order.RejectOrderCommand;
import dev.ordersonaxon.api.order.RejectionReason;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.api.product.ReleaseStockCommand;
import dev.ordersonaxon.api.product.ReserveStockCommand;
import dev.ordersonaxon.api.product.StockReservationRejectedEvent;
import dev.ordersonaxon.api.product.StockReservedEvent;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;

/**
 * Takes a placed order to approval or rejection: holds the customer's credit, then every
 * line's stock at once, and gives back whatever it holds when anything is refused, the
 * order is cancelled, or it times out.
 * <p>
 * It ends only once the order is final and no reservation it asked for is still
 * unanswered, so that a late confirmation is released rather than left held. After a
 * timeout it stops waiting for answers: it gives back what it asked for, held or not.
 * <p>
 * The timeout ({@link OrderTimeouts}) rejects only the order; the saga hears of it as an
 * {@link OrderRejectedEvent} with reason {@code TIMEOUT}. Only the saga's own thread ever
 * changes its state.
 * <p>
 * Public with a public constructor because Axon instantiates it reflectively; serialized
 * by its fields, so it needs no getters or setters. Unknown fields are ignored so that
 * sagas stored by earlier releases (which kept a deadline id) still load.
 */
@ProcessingGroup(OrderSaga.PROCESSING_GROUP)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
		isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
@JsonIgnoreProperties(ignoreUnknown = true)
public class OrderSaga {

	public static final String PROCESSING_GROUP = "order-saga";

	static final String ORDER_ID = "orderId";

	/**
	 * The deadline that releases before 0.2 scheduled with Axon's deadline manager; those
	 * still pending when such a database is upgraded fire into
	 * {@link #on(OrderTimeout, CommandGateway)}.
	 */
	static final String LEGACY_TIMEOUT_DEADLINE = "order-saga-timeout";

	private static final Set<RejectionReason> STOP_WAITING_ON = EnumSet.of(RejectionReason.TIMEOUT,
			RejectionReason.UNKNOWN_CUSTOMER, RejectionReason.UNKNOWN_PRODUCT);

	private OrderId orderId;

	private CustomerId customerId;

	private List<OrderLine> lines = new ArrayList<>();

	private Reservation credit;

	/** Reservation per product id, for the lines whose stock was asked for. */
	private Map<String, Reservation> stock = new LinkedHashMap<>();

	private boolean approvalRequested;

	private boolean compensating;

	private boolean orderFinal;

	/**
	 * Set once the order was rejected for a reason after which some answers may never be
	 * handled here (a timeout, a participant that does not exist).
	 */
	private boolean stoppedWaiting;

	public OrderSaga() {
	}

	@StartSaga
	@SagaEventHandler(associationProperty = ORDER_ID)
	void on(OrderPlacedEvent event, CommandGateway commandGateway, OrderTimeouts timeouts,
			OrderSagaProperties properties) {
		if (this.orderId != null) {
			// a redelivered OrderPlaced finds this saga instead of starting a new one
			return;
		}
		this.orderId = event.orderId();
		this.customerId = event.customerId();
		this.lines = new ArrayList<>(event.lines());
		timeouts.schedule(this.orderId, properties.timeout());
		this.credit = Reservation.REQUESTED;
		SagaCommands.send(commandGateway, new ReserveCreditCommand(this.customerId, this.orderId, event.total()),
				new RejectOrderCommand(this.orderId, RejectionReason.UNKNOWN_CUSTOMER));
	}

	@SagaEventHandler(associationProperty = ORDER_ID)
	void on(CreditReservedEvent event, CommandGateway commandGateway, OrderTimeouts timeouts) {
		if (this.credit != Reservation.REQUESTED) {
			return;
		}
		this.credit = Reservation.HELD;
		if (this.compensating) {
			releaseCredit(commandGateway);
			endIfSettled(timeouts);
			return;
		}
		this.lines.forEach((line) -> this.stock.put(line.productId().value(), Reservation.REQUESTED));
		this.lines.forEach((line) -> SagaCommands.send(commandGateway,
				new ReserveStockCommand(line.productId(), this.orderId, line.quantity(), line.unitPrice()),
				new RejectOrderCommand(this.orderId, RejectionReason.UNKNOWN_PRODUCT)));
	}

	@SagaEventHandler(associationProperty = ORDER_ID)
	void on(CreditLimitExceededEvent event, CommandGateway commandGateway, OrderTimeouts timeouts) {
		if (this.credit != Reservation.REQUESTED) {
			return;
		}
		this.credit = Reservation.REFUSED;
		compensateAndReject(commandGateway, RejectionReason.CREDIT_LIMIT_EXCEEDED);
		endIfSettled(timeouts);
	}

	@SagaEventHandler(associationProperty = ORDER_ID)
	void on(StockReservedEvent event, CommandGateway commandGateway, OrderTimeouts timeouts) {
		String productId = event.productId().value();
		if (this.stock.get(productId) != Reservation.REQUESTED) {
			return;
		}
		this.stock.put(productId, Reservation.HELD);
		if (this.compensating) {
			releaseStock(commandGateway, productId);
			endIfSettled(timeouts);
			return;
		}
		if (!this.approvalRequested && this.credit == Reservation.HELD
				&& this.stock.values().stream().allMatch(Reservation.HELD::equals)) {
			this.approvalRequested = true;
			SagaCommands.send(commandGateway, new ApproveOrderCommand(this.orderId));
		}
	}

	@SagaEventHandler(associationProperty = ORDER_ID)
	void on(StockReservationRejectedEvent event, CommandGateway commandGateway, OrderTimeouts timeouts) {
		String productId = event.productId().value();
		if (this.stock.get(productId) != Reservation.REQUESTED) {
			return;
		}
		this.stock.put(productId, Reservation.REFUSED);
		compensateAndReject(commandGateway, event.reason());
		endIfSettled(timeouts);
	}

	@SagaEventHandler(associationProperty = ORDER_ID)
	void on(OrderApprovedEvent event, OrderTimeouts timeouts) {
		this.orderFinal = true;
		end(timeouts);
	}

	@SagaEventHandler(associationProperty = ORDER_ID)
	void on(OrderRejectedEvent event, CommandGateway commandGateway, OrderTimeouts timeouts) {
		this.orderFinal = true;
		if (STOP_WAITING_ON.contains(event.reason())) {
			// A participant that does not exist never answers, and after a timeout the
			// saga does not wait any longer. Every request was sent in a transaction
			// that also stored its answer, so giving back what is still unanswered
			// releases exactly what is held; releasing what never was changes nothing.
			this.stoppedWaiting = true;
			if (event.reason() == RejectionReason.UNKNOWN_CUSTOMER && this.credit == Reservation.REQUESTED) {
				this.credit = Reservation.REFUSED;
			}
			compensate(commandGateway);
			releaseUnanswered(commandGateway);
		}
		else {
			compensate(commandGateway);
		}
		endIfSettled(timeouts);
	}

	@SagaEventHandler(associationProperty = ORDER_ID)
	void on(OrderCancelledEvent event, CommandGateway commandGateway, OrderTimeouts timeouts) {
		this.orderFinal = true;
		if (event.previousStatus() == OrderStatus.APPROVED) {
			// an approved order's reservations are given back by
			// ApprovedOrderCancellation
			end(timeouts);
			return;
		}
		compensate(commandGateway);
		endIfSettled(timeouts);
	}

	/**
	 * A deadline scheduled by a release before 0.2. Like a new timeout it only rejects
	 * the order; the rejection brings the saga back here to give back what it holds.
	 */
	@DeadlineHandler(deadlineName = LEGACY_TIMEOUT_DEADLINE)
	void on(OrderTimeout timeout, CommandGateway commandGateway) {
		SagaCommands.send(commandGateway, new RejectOrderCommand(this.orderId, RejectionReason.TIMEOUT));
	}

	private void compensateAndReject(CommandGateway commandGateway, RejectionReason reason) {
		if (this.compensating) {
			return;
		}
		compensate(commandGateway);
		if (!this.orderFinal) {
			SagaCommands.send(commandGateway, new RejectOrderCommand(this.orderId, reason));
		}
	}

	/** Gives back everything held; what is confirmed later is given back on arrival. */
	private void compensate(CommandGateway commandGateway) {
		this.compensating = true;
		List.copyOf(this.stock.keySet())
			.stream()
			.filter((productId) -> this.stock.get(productId) == Reservation.HELD)
			.forEach((productId) -> releaseStock(commandGateway, productId));
		if (this.credit == Reservation.HELD) {
			releaseCredit(commandGateway);
		}
	}

	/**
	 * Gives back what the saga asked for but has not heard about: the answer may already
	 * be stored and merely queued behind this one, and would find the saga gone.
	 */
	private void releaseUnanswered(CommandGateway commandGateway) {
		List.copyOf(this.stock.keySet())
			.stream()
			.filter((productId) -> this.stock.get(productId) == Reservation.REQUESTED)
			.forEach((productId) -> releaseStock(commandGateway, productId));
		if (this.credit == Reservation.REQUESTED) {
			releaseCredit(commandGateway);
		}
	}

	private void releaseStock(CommandGateway commandGateway, String productId) {
		this.stock.put(productId, Reservation.RELEASED);
		SagaCommands.release(commandGateway, new ReleaseStockCommand(new ProductId(productId), this.orderId));
	}

	private void releaseCredit(CommandGateway commandGateway) {
		this.credit = Reservation.RELEASED;
		SagaCommands.release(commandGateway, new ReleaseCreditCommand(this.customerId, this.orderId));
	}

	private void endIfSettled(OrderTimeouts timeouts) {
		boolean awaitingAnswers = this.credit == Reservation.REQUESTED
				|| this.stock.containsValue(Reservation.REQUESTED);
		if (this.orderFinal && (this.stoppedWaiting || !awaitingAnswers)) {
			end(timeouts);
		}
	}

	private void end(OrderTimeouts timeouts) {
		timeouts.cancel(this.orderId);
		SagaLifecycle.end();
	}

	/** Where one reservation the saga asked for stands. */
	enum Reservation {

		REQUESTED, HELD, REFUSED, RELEASED

	}

}
