package dev.ordersonaxon.saga;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
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
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;

/**
 * Takes a placed order to approval or rejection: holds the customer's credit, then every
 * line's stock at once, and gives back whatever it holds when anything is refused, the
 * order is cancelled, or the deadline passes.
 * <p>
 * It ends only once the order is final and no reservation it asked for is still
 * unanswered, so that a late confirmation is released rather than left held. After the
 * deadline it stops waiting for answers: a missing aggregate never answers.
 * <p>
 * Public with a public constructor because Axon instantiates it reflectively; serialized
 * by its fields, so it needs no getters or setters.
 */
@ProcessingGroup(OrderSaga.PROCESSING_GROUP)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
		isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public class OrderSaga {

	static final String PROCESSING_GROUP = "order-saga";

	static final String ORDER_ID = "orderId";

	static final String TIMEOUT_DEADLINE = "order-saga-timeout";

	private OrderId orderId;

	private CustomerId customerId;

	private List<OrderLine> lines = new ArrayList<>();

	private Reservation credit;

	/** Reservation per product id, for the lines whose stock was asked for. */
	private Map<String, Reservation> stock = new LinkedHashMap<>();

	private boolean approvalRequested;

	private boolean compensating;

	private boolean orderFinal;

	private boolean timedOut;

	private String deadlineId;

	public OrderSaga() {
	}

	@StartSaga
	@SagaEventHandler(associationProperty = ORDER_ID)
	void on(OrderPlacedEvent event, CommandGateway commandGateway, DeadlineManager deadlineManager,
			OrderSagaProperties properties) {
		if (this.orderId != null) {
			// a redelivered OrderPlaced finds this saga instead of starting a new one
			return;
		}
		this.orderId = event.orderId();
		this.customerId = event.customerId();
		this.lines = new ArrayList<>(event.lines());
		this.deadlineId = deadlineManager.schedule(properties.timeout(), TIMEOUT_DEADLINE,
				new OrderTimeout(this.orderId));
		this.credit = Reservation.REQUESTED;
		SagaCommands.send(commandGateway, new ReserveCreditCommand(this.customerId, this.orderId, event.total()),
				new RejectOrderCommand(this.orderId, RejectionReason.UNKNOWN_CUSTOMER));
	}

	@SagaEventHandler(associationProperty = ORDER_ID)
	void on(CreditReservedEvent event, CommandGateway commandGateway, DeadlineManager deadlineManager) {
		if (this.credit != Reservation.REQUESTED) {
			return;
		}
		this.credit = Reservation.HELD;
		if (this.compensating) {
			releaseCredit(commandGateway);
			endIfSettled(deadlineManager);
			return;
		}
		this.lines.forEach((line) -> this.stock.put(line.productId().value(), Reservation.REQUESTED));
		this.lines.forEach((line) -> SagaCommands.send(commandGateway,
				new ReserveStockCommand(line.productId(), this.orderId, line.quantity(), line.unitPrice()),
				new RejectOrderCommand(this.orderId, RejectionReason.UNKNOWN_PRODUCT)));
	}

	@SagaEventHandler(associationProperty = ORDER_ID)
	void on(CreditLimitExceededEvent event, CommandGateway commandGateway, DeadlineManager deadlineManager) {
		if (this.credit != Reservation.REQUESTED) {
			return;
		}
		this.credit = Reservation.REFUSED;
		compensateAndReject(commandGateway, RejectionReason.CREDIT_LIMIT_EXCEEDED);
		endIfSettled(deadlineManager);
	}

	@SagaEventHandler(associationProperty = ORDER_ID)
	void on(StockReservedEvent event, CommandGateway commandGateway, DeadlineManager deadlineManager) {
		String productId = event.productId().value();
		if (this.stock.get(productId) != Reservation.REQUESTED) {
			return;
		}
		this.stock.put(productId, Reservation.HELD);
		if (this.compensating) {
			releaseStock(commandGateway, productId);
			endIfSettled(deadlineManager);
			return;
		}
		if (!this.approvalRequested && this.credit == Reservation.HELD
				&& this.stock.values().stream().allMatch(Reservation.HELD::equals)) {
			this.approvalRequested = true;
			SagaCommands.send(commandGateway, new ApproveOrderCommand(this.orderId));
		}
	}

	@SagaEventHandler(associationProperty = ORDER_ID)
	void on(StockReservationRejectedEvent event, CommandGateway commandGateway, DeadlineManager deadlineManager) {
		String productId = event.productId().value();
		if (this.stock.get(productId) != Reservation.REQUESTED) {
			return;
		}
		this.stock.put(productId, Reservation.REFUSED);
		compensateAndReject(commandGateway, event.reason());
		endIfSettled(deadlineManager);
	}

	@SagaEventHandler(associationProperty = ORDER_ID)
	void on(OrderApprovedEvent event, DeadlineManager deadlineManager) {
		this.orderFinal = true;
		end(deadlineManager);
	}

	@SagaEventHandler(associationProperty = ORDER_ID)
	void on(OrderRejectedEvent event, CommandGateway commandGateway, DeadlineManager deadlineManager) {
		this.orderFinal = true;
		if (event.reason() == RejectionReason.UNKNOWN_CUSTOMER && this.credit == Reservation.REQUESTED) {
			// the customer does not exist, so no answer to the credit request will come
			this.credit = Reservation.REFUSED;
		}
		compensate(commandGateway);
		if (this.timedOut) {
			releaseUnanswered(commandGateway);
		}
		endIfSettled(deadlineManager);
	}

	@SagaEventHandler(associationProperty = ORDER_ID)
	void on(OrderCancelledEvent event, CommandGateway commandGateway, DeadlineManager deadlineManager) {
		this.orderFinal = true;
		if (event.previousStatus() == OrderStatus.APPROVED) {
			// an approved order's reservations are given back by
			// ApprovedOrderCancellation
			end(deadlineManager);
			return;
		}
		compensate(commandGateway);
		if (this.timedOut) {
			releaseUnanswered(commandGateway);
		}
		endIfSettled(deadlineManager);
	}

	@DeadlineHandler(deadlineName = TIMEOUT_DEADLINE)
	void on(OrderTimeout timeout, CommandGateway commandGateway, DeadlineManager deadlineManager) {
		// the deadline is running now: cancelling it would fail
		this.deadlineId = null;
		this.timedOut = true;
		if (this.approvalRequested && !this.compensating) {
			// everything is held; only the approval has not shown up yet
			SagaCommands.send(commandGateway, new ApproveOrderCommand(this.orderId));
			return;
		}
		if (!this.orderFinal) {
			// Only the order is touched here, on the deadline scheduler's thread: the
			// rejection comes back as an event and the saga's own thread gives back what
			// is
			// held. Releases sent from here would lock customers and products alongside
			// that thread, which deadlocks exactly when the saga is behind. Answers that
			// arrive meanwhile are given back on arrival.
			this.compensating = true;
			SagaCommands.send(commandGateway, new RejectOrderCommand(this.orderId, RejectionReason.TIMEOUT));
			return;
		}
		compensate(commandGateway);
		releaseUnanswered(commandGateway);
		endIfSettled(deadlineManager);
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
	 * After the deadline the saga stops waiting for answers, so it also gives back what
	 * it asked for but has not heard about: the answer may already be stored and merely
	 * queued behind a lagging processor, which would find the saga gone. Releasing what
	 * was never held changes nothing.
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

	private void endIfSettled(DeadlineManager deadlineManager) {
		boolean awaitingAnswers = this.credit == Reservation.REQUESTED
				|| this.stock.containsValue(Reservation.REQUESTED);
		if (this.orderFinal && (this.timedOut || !awaitingAnswers)) {
			end(deadlineManager);
		}
	}

	private void end(DeadlineManager deadlineManager) {
		if (this.deadlineId != null) {
			deadlineManager.cancelSchedule(TIMEOUT_DEADLINE, this.deadlineId);
			this.deadlineId = null;
		}
		SagaLifecycle.end();
	}

	/** Where one reservation the saga asked for stands. */
	enum Reservation {

		REQUESTED, HELD, REFUSED, RELEASED

	}

}
