package dev.ordersonaxon.saga;

import dev.ordersonaxon.api.customer.CreditLimitExceededEvent;
import dev.ordersonaxon.api.customer.CreditReservedEvent;
import dev.ordersonaxon.api.customer.CustomerCreatedEvent;
import dev.ordersonaxon.api.order.OrderCancelledEvent;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.product.ProductCreatedEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderSagaEventsTest {

	@Test
	void namesTheEventsTheSagasProcessorHandsToAHandler() {
		assertThat(OrderSagaEvents.handledTypes())
			.contains(OrderPlacedEvent.class.getName(), CreditReservedEvent.class.getName(),
					CreditLimitExceededEvent.class.getName(), OrderCancelledEvent.class.getName())
			.doesNotContain(CustomerCreatedEvent.class.getName(), ProductCreatedEvent.class.getName());
	}

}
