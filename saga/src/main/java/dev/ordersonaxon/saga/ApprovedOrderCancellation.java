package dev.ordersonaxon.saga;

import dev.ordersonaxon.api.customer.ReleaseCreditCommand;
import dev.ordersonaxon.api.order.OrderCancelledEvent;
import dev.ordersonaxon.api.order.OrderStatus;
import dev.ordersonaxon.api.product.ReleaseStockCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;

/**
 * Gives back the credit and stock of an approved order that was cancelled. The order saga
 * ended at approval, so this needs no state: the event carries everything to release.
 * Cancellation of a pending order is the running saga's business.
 */
@ProcessingGroup(OrderSaga.PROCESSING_GROUP)
class ApprovedOrderCancellation {

	private final CommandGateway commandGateway;

	ApprovedOrderCancellation(CommandGateway commandGateway) {
		this.commandGateway = commandGateway;
	}

	@EventHandler
	@DisallowReplay
	void on(OrderCancelledEvent event) {
		if (event.previousStatus() != OrderStatus.APPROVED) {
			return;
		}
		SagaCommands.release(this.commandGateway, new ReleaseCreditCommand(event.customerId(), event.orderId()));
		event.lines()
			.forEach((line) -> SagaCommands.release(this.commandGateway,
					new ReleaseStockCommand(line.productId(), event.orderId())));
	}

}
