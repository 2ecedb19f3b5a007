package dev.ordersonaxon.query.order;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.GenericSubscriptionQueryMessage;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.FindOrderQuery;
import dev.ordersonaxon.api.order.OrderApprovedEvent;
import dev.ordersonaxon.api.order.OrderCancelledEvent;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.order.OrderRejectedEvent;
import dev.ordersonaxon.api.order.OrderStatus;
import dev.ordersonaxon.api.order.OrderView;
import dev.ordersonaxon.api.order.RejectionReason;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.query.order.OrderProjectionTest.InMemoryOrderViews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class OrderUpdatePublisherTest {

	private static final OrderId ORDER = new OrderId("order-1");

	private static final CustomerId ADA = new CustomerId("ada");

	private static final List<OrderLine> LINES = List.of(new OrderLine(new ProductId("widget"), 1, Money.of("3.00")));

	private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

	private final InMemoryOrderViews views = new InMemoryOrderViews();

	private final OrderProjection projection = new OrderProjection(this.views);

	private final QueryUpdateEmitter updates = mock(QueryUpdateEmitter.class);

	private final OrderUpdatePublisher publisher = new OrderUpdatePublisher(
			new LocalOrderChanges(this.views, this.updates));

	@Test
	void publishesThePlacedOrder() {
		OrderPlacedEvent placed = new OrderPlacedEvent(ORDER, ADA, LINES, Money.of("3.00"));
		this.projection.on(placed, NOW);

		this.publisher.on(placed);

		assertThat(emittedFor(ORDER)).isTrue();
		verify(this.updates).emit(eq(FindOrderQuery.class), any(), eq(this.views.find(ORDER).orElseThrow()));
		verify(this.updates, never()).complete(eq(FindOrderQuery.class), any());
	}

	@Test
	void publishesTheApprovedOrderAndKeepsSubscriptionsOpen() {
		place();
		OrderApprovedEvent approved = new OrderApprovedEvent(ORDER);
		this.projection.on(approved, NOW);

		this.publisher.on(approved);

		verify(this.updates).emit(eq(FindOrderQuery.class), any(),
				eq(this.views.find(ORDER).filter((view) -> view.status() == OrderStatus.APPROVED).orElseThrow()));
		verify(this.updates, never()).complete(eq(FindOrderQuery.class), any());
	}

	@Test
	void publishesTheRejectedOrderAndEndsSubscriptions() {
		place();
		OrderRejectedEvent rejected = new OrderRejectedEvent(ORDER, RejectionReason.OUT_OF_STOCK);
		this.projection.on(rejected, NOW);

		this.publisher.on(rejected);

		verify(this.updates).emit(eq(FindOrderQuery.class), any(), eq(this.views.find(ORDER).orElseThrow()));
		assertThat(completedFor(ORDER)).isTrue();
	}

	@Test
	void publishesTheCancelledOrderAndEndsSubscriptions() {
		place();
		OrderCancelledEvent cancelled = new OrderCancelledEvent(ORDER, ADA, LINES, OrderStatus.PENDING);
		this.projection.on(cancelled, NOW);

		this.publisher.on(cancelled);

		verify(this.updates).emit(eq(FindOrderQuery.class), any(), eq(this.views.find(ORDER).orElseThrow()));
		assertThat(completedFor(ORDER)).isTrue();
	}

	@Test
	void publishesNothingForAnOrderWithoutView() {
		this.publisher.on(new OrderApprovedEvent(ORDER));

		verifyNoInteractions(this.updates);
	}

	@Test
	void publishesNothingWhileReplaying() throws Exception {
		place();
		AnnotationEventHandlerAdapter handler = new AnnotationEventHandlerAdapter(this.publisher);
		TrackingToken replaying = ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(10),
				new GlobalSequenceTrackingToken(1));

		handler.handle(new GenericTrackedEventMessage<>(replaying,
				GenericEventMessage.asEventMessage(new OrderApprovedEvent(ORDER))));
		verifyNoInteractions(this.updates);

		handler.handle(new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(11),
				GenericEventMessage.asEventMessage(new OrderApprovedEvent(ORDER))));
		verify(this.updates).emit(eq(FindOrderQuery.class), any(), any(OrderView.class));
	}

	@Test
	void readsNothingForCommittedChangesWhileNobodyIsSubscribed() {
		place();
		OrderViews unreadable = mock(OrderViews.class);

		new LocalOrderChanges(unreadable, this.updates).changed(List.of(ORDER));

		verifyNoInteractions(unreadable);
		verify(this.updates, never()).emit(eq(FindOrderQuery.class), any(), any(OrderView.class));
	}

	@Test
	void sendsCommittedChangesInTheirOrderWithTheirViewsReadTogether() {
		OrderId second = new OrderId("order-2");
		this.projection.on(new OrderPlacedEvent(second, ADA, LINES, Money.of("3.00")), NOW);
		place();
		given(this.updates.activeSubscriptions())
			.willReturn(Set.of(new GenericSubscriptionQueryMessage<>(new FindOrderQuery(ORDER),
					ResponseTypes.instanceOf(OrderView.class), ResponseTypes.instanceOf(OrderView.class))));
		ArgumentCaptor<OrderView> sent = ArgumentCaptor.forClass(OrderView.class);

		new LocalOrderChanges(this.views, this.updates).changed(List.of(ORDER, new OrderId("without-view"), second));

		verify(this.updates, times(2)).emit(eq(FindOrderQuery.class), any(), sent.capture());
		assertThat(sent.getAllValues()).extracting(OrderView::orderId).containsExactly(ORDER, second);
	}

	private void place() {
		this.projection.on(new OrderPlacedEvent(ORDER, ADA, LINES, Money.of("3.00")), NOW);
	}

	private boolean emittedFor(OrderId orderId) {
		ArgumentCaptor<Predicate<FindOrderQuery>> filter = filterCaptor();
		verify(this.updates).emit(eq(FindOrderQuery.class), filter.capture(), any(OrderView.class));
		return filter.getValue().test(new FindOrderQuery(orderId))
				&& !filter.getValue().test(new FindOrderQuery(new OrderId("another")));
	}

	private boolean completedFor(OrderId orderId) {
		ArgumentCaptor<Predicate<FindOrderQuery>> filter = filterCaptor();
		verify(this.updates).complete(eq(FindOrderQuery.class), filter.capture());
		return filter.getValue().test(new FindOrderQuery(orderId))
				&& !filter.getValue().test(new FindOrderQuery(new OrderId("another")));
	}

	@SuppressWarnings("unchecked")
	private static ArgumentCaptor<Predicate<FindOrderQuery>> filterCaptor() {
		return ArgumentCaptor.forClass(Predicate.class);
	}

}
