package dev.ordersonaxon.benchmark.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CreditReleasedEvent;
import dev.ordersonaxon.api.customer.CreditReservedEvent;
import dev.ordersonaxon.api.customer.CustomerCreatedEvent;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.order.OrderStatus;
import dev.ordersonaxon.api.product.ProductCreatedEvent;
import dev.ordersonaxon.api.product.StockReleasedEvent;
import dev.ordersonaxon.api.product.StockReservedEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryGeneratorTest {

	private final HistoryGenerator generator = new HistoryGenerator("t", 20, 10, 5);

	private final List<DomainEventMessage<?>> events = new ArrayList<>();

	HistoryGeneratorTest() {
		for (int batch = 0; batch < 20; batch++) {
			List<DomainEventMessage<?>> next = this.generator.next(500);
			assertThat(next).hasSizeGreaterThanOrEqualTo(500);
			this.events.addAll(next);
		}
	}

	@Test
	void numbersEveryAggregatesEventsFromZeroWithoutGaps() {
		Map<String, Long> expectedNext = new HashMap<>();
		for (DomainEventMessage<?> event : this.events) {
			long expected = expectedNext.getOrDefault(event.getAggregateIdentifier(), 0L);
			assertThat(event.getSequenceNumber()).as(event.getAggregateIdentifier()).isEqualTo(expected);
			expectedNext.put(event.getAggregateIdentifier(), expected + 1);
		}
	}

	@Test
	void createsCustomersAndProductsBeforeAnyOrder() {
		assertThat(this.events.subList(0, 30)).extracting(DomainEventMessage::getPayload)
			.allSatisfy((payload) -> assertThat(payload).isInstanceOfAny(CustomerCreatedEvent.class,
					ProductCreatedEvent.class));
		assertThat(this.events).extracting(DomainEventMessage::getType)
			.containsOnly(HistoryGenerator.CUSTOMER, HistoryGenerator.PRODUCT, HistoryGenerator.ORDER);
	}

	@Test
	void expectedViewsAreWhatTheEventsAddUpTo() {
		Map<String, Money> credit = new HashMap<>();
		Map<String, Long> stock = new HashMap<>();
		for (DomainEventMessage<?> event : this.events) {
			if (event.getPayload() instanceof CreditReservedEvent reserved) {
				credit.merge(reserved.customerId().value(), reserved.amount(), Money::plus);
			}
			else if (event.getPayload() instanceof CreditReleasedEvent released) {
				credit.merge(released.customerId().value(), Money.ZERO.minus(released.amount()), Money::plus);
			}
			else if (event.getPayload() instanceof StockReservedEvent reserved) {
				stock.merge(reserved.productId().value(), (long) reserved.quantity(), Long::sum);
			}
			else if (event.getPayload() instanceof StockReleasedEvent released) {
				stock.merge(released.productId().value(), (long) -released.quantity(), Long::sum);
			}
		}
		this.generator.expectedCustomers()
			.forEach((id, expected) -> assertThat(credit.getOrDefault(id, Money.ZERO)).as(id)
				.isEqualTo(expected.creditReserved())
				.isLessThanOrEqualTo(expected.creditLimit()));
		this.generator.expectedProducts().forEach((id, expected) -> {
			assertThat(stock.getOrDefault(id, 0L)).as(id).isEqualTo(expected.stockReserved());
			assertThat(expected.stockAvailable()).as(id).isNotNegative();
		});
	}

	@Test
	void mixesApprovalsRejectionsAndCancellations() {
		Map<OrderStatus, Long> statuses = new HashMap<>();
		this.generator.orderStatuses().values().forEach((status) -> statuses.merge(status, 1L, Long::sum));
		long orders = this.events.stream().filter((e) -> e.getPayload() instanceof OrderPlacedEvent).count();

		assertThat(orders).isEqualTo(this.generator.orderCount());
		assertThat(statuses.get(OrderStatus.APPROVED)).isGreaterThan(orders * 7 / 10);
		assertThat(statuses.get(OrderStatus.REJECTED)).isGreaterThan(orders / 10);
		assertThat(statuses.get(OrderStatus.CANCELLED)).isPositive();
	}

}
