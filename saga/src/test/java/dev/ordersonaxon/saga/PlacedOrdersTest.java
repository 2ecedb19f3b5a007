package dev.ordersonaxon.saga;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.OrderApprovedEvent;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.product.ProductId;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlacedOrdersTest {

	private static final OrderId ORDER = new OrderId("o-1");

	private static final AssociationValue OF_ORDER = new AssociationValue(OrderSaga.ORDER_ID, ORDER.value());

	private final List<AssociationValue> lookedUp = new ArrayList<>();

	private final PlacedOrders<Object> store = new PlacedOrders<>(new LookUps(), OrderSaga.PROCESSING_GROUP);

	private UnitOfWork<?> unitOfWork;

	@AfterEach
	void end() {
		if (this.unitOfWork != null) {
			this.unitOfWork.rollback();
		}
	}

	@Test
	void findsNoSagaForTheOrderPlacedInABatchOfTheSagasProcessorWithoutLookingItUp() {
		inBatchOf(placed(ORDER));

		assertThat(this.store.findSagas(Object.class, OF_ORDER)).isEmpty();
		assertThat(this.lookedUp).isEmpty();
	}

	@Test
	void looksUpEverythingElse() {
		inBatchOf(placed(ORDER));
		this.store.findSagas(Object.class, new AssociationValue(OrderSaga.ORDER_ID, "o-2"));
		this.store.findSagas(Object.class, new AssociationValue("customerId", ORDER.value()));
		this.unitOfWork.rollback();

		inBatchOf(new OrderApprovedEvent(ORDER));
		this.store.findSagas(Object.class, OF_ORDER);
		this.unitOfWork.rollback();

		// a parked order's retry, outside the processor
		this.unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage(placed(ORDER)));
		assertThat(this.store.findSagas(Object.class, OF_ORDER)).containsExactly("found");

		assertThat(this.lookedUp).hasSize(4);
	}

	private void inBatchOf(Object payload) {
		this.unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage(payload));
		this.unitOfWork.resources().put(OrderSegments.segmentIdResource(OrderSaga.PROCESSING_GROUP), 0);
	}

	private static OrderPlacedEvent placed(OrderId order) {
		Money price = Money.of(new BigDecimal("1.00"));
		return new OrderPlacedEvent(order, new CustomerId("ann"),
				List.of(new OrderLine(new ProductId("pen"), 1, price)), price);
	}

	/** Answers every look-up with one saga and records it; stores nothing. */
	private final class LookUps implements SagaStore<Object> {

		@Override
		public Set<String> findSagas(Class<?> sagaType, AssociationValue associationValue) {
			PlacedOrdersTest.this.lookedUp.add(associationValue);
			return Set.of("found");
		}

		@Override
		public <S> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
			return null;
		}

		@Override
		public void deleteSaga(Class<?> sagaType, String sagaIdentifier, Set<AssociationValue> associationValues) {
		}

		@Override
		public void insertSaga(Class<?> sagaType, String sagaIdentifier, Object saga,
				Set<AssociationValue> associationValues) {
		}

		@Override
		public void updateSaga(Class<?> sagaType, String sagaIdentifier, Object saga,
				AssociationValues associationValues) {
		}

	}

}
