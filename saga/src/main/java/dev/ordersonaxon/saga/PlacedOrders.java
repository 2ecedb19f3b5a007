package dev.ordersonaxon.saga;

import java.util.Set;

import dev.ordersonaxon.api.order.OrderPlacedEvent;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.repository.SagaStore;

/**
 * The saga store, which the saga's processor does not ask for the saga of an order it
 * sees placed: there is none. Axon's saga manager looks for one before it starts a saga,
 * in case the event was handled before; but the processor handles an event once, in the
 * transaction that also moves its token past it, so an {@code OrderPlacedEvent} in one of
 * its batches was never handled in a batch that committed, and an order is placed once.
 * That look-up was a statement every order cost. Anything else (a parked order's retry,
 * another event of the order) is looked up as before.
 */
final class PlacedOrders<T> implements SagaStore<T> {

	private final SagaStore<T> store;

	private final String segmentResource;

	/**
	 * @param store where sagas are stored
	 * @param processingGroup the saga's processor, whose batches are recognised by the
	 * segment it keeps among their resources
	 */
	PlacedOrders(SagaStore<T> store, String processingGroup) {
		this.store = store;
		this.segmentResource = OrderSegments.segmentIdResource(processingGroup);
	}

	@Override
	public Set<String> findSagas(Class<? extends T> sagaType, AssociationValue associationValue) {
		if (isPlacedInBatch(associationValue)) {
			return Set.of();
		}
		return this.store.findSagas(sagaType, associationValue);
	}

	private boolean isPlacedInBatch(AssociationValue associationValue) {
		if (!CurrentUnitOfWork.isStarted()) {
			return false;
		}
		UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
		Message<?> message = unitOfWork.getMessage();
		return message != null && message.getPayload() instanceof OrderPlacedEvent placed
				&& OrderSaga.ORDER_ID.equals(associationValue.getKey())
				&& placed.orderId().value().equals(associationValue.getValue())
				&& unitOfWork.root().getResource(this.segmentResource) != null;
	}

	@Override
	public <S extends T> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
		return this.store.loadSaga(sagaType, sagaIdentifier);
	}

	@Override
	public void deleteSaga(Class<? extends T> sagaType, String sagaIdentifier,
			Set<AssociationValue> associationValues) {
		this.store.deleteSaga(sagaType, sagaIdentifier, associationValues);
	}

	@Override
	public void insertSaga(Class<? extends T> sagaType, String sagaIdentifier, T saga,
			Set<AssociationValue> associationValues) {
		this.store.insertSaga(sagaType, sagaIdentifier, saga, associationValues);
	}

	@Override
	public void updateSaga(Class<? extends T> sagaType, String sagaIdentifier, T saga,
			AssociationValues associationValues) {
		this.store.updateSaga(sagaType, sagaIdentifier, saga, associationValues);
	}

}
