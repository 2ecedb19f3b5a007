package dev.ordersonaxon.saga;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.customer.ReleaseCreditCommand;
import dev.ordersonaxon.api.order.OrderCancelledEvent;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.OrderStatus;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.api.product.ReleaseStockCommand;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApprovedOrderCancellationTest {

	private static final OrderId ORDER = new OrderId("order-1");

	private static final CustomerId CUSTOMER = new CustomerId("customer-1");

	private static final OrderLine KEYBOARD = new OrderLine(new ProductId("keyboard"), 2, Money.of("49.50"));

	private static final OrderLine MOUSE = new OrderLine(new ProductId("mouse"), 1, Money.of("25.00"));

	private final RecordingCommandGateway commandGateway = new RecordingCommandGateway();

	private final ApprovedOrderCancellation handler = new ApprovedOrderCancellation(this.commandGateway);

	@Test
	void releasesCreditAndEveryLineWhenAnApprovedOrderIsCancelled() {
		this.handler.on(cancelled(OrderStatus.APPROVED));

		assertThat(this.commandGateway.sent()).containsExactly(new ReleaseCreditCommand(CUSTOMER, ORDER),
				new ReleaseStockCommand(KEYBOARD.productId(), ORDER),
				new ReleaseStockCommand(MOUSE.productId(), ORDER));
	}

	@Test
	void leavesAPendingOrdersCancellationToTheSaga() {
		this.handler.on(cancelled(OrderStatus.PENDING));

		assertThat(this.commandGateway.sent()).isEmpty();
	}

	@Test
	void failsSoThatTheEventIsRetriedWhenAReleaseFails() {
		this.commandGateway.answering((command) -> CompletableFuture.failedFuture(new IllegalStateException("busy")));

		assertThatThrownBy(() -> this.handler.on(cancelled(OrderStatus.APPROVED)))
			.hasRootCauseInstanceOf(IllegalStateException.class);
	}

	@Test
	void releasesWhenTheEventIsHandledForTheFirstTime() throws Exception {
		new AnnotationEventHandlerAdapter(this.handler).handle(tracked(new GlobalSequenceTrackingToken(5)));

		assertThat(this.commandGateway.sent()).hasSize(3);
	}

	@Test
	void releasesNothingWhenTheEventIsReplayed() throws Exception {
		TrackingToken replayedPosition = ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(10),
				new GlobalSequenceTrackingToken(5));

		new AnnotationEventHandlerAdapter(this.handler).handle(tracked(replayedPosition));

		assertThat(ReplayToken.isReplay(replayedPosition)).isTrue();
		assertThat(this.commandGateway.sent()).isEmpty();
	}

	private static GenericTrackedEventMessage<OrderCancelledEvent> tracked(TrackingToken token) {
		return new GenericTrackedEventMessage<>(token,
				GenericEventMessage.asEventMessage(cancelled(OrderStatus.APPROVED)));
	}

	private static OrderCancelledEvent cancelled(OrderStatus previousStatus) {
		return new OrderCancelledEvent(ORDER, CUSTOMER, List.of(KEYBOARD, MOUSE), previousStatus);
	}

}
