package dev.ordersonaxon.saga;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CreditReservedEvent;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.ApproveOrderCommand;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.api.product.StockReservedEvent;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The saga store keeps sagas as JSON written by Axon's JacksonSerializer, with the object
 * mapper Axon's Spring Boot support creates.
 */
class OrderSagaSerializationTest {

	private static final OrderId ORDER = new OrderId("order-1");

	private static final CustomerId CUSTOMER = new CustomerId("customer-1");

	private static final OrderLine KEYBOARD = new OrderLine(new ProductId("keyboard"), 2, Money.of("49.50"));

	private static final OrderLine MOUSE = new OrderLine(new ProductId("mouse"), 1, Money.of("25.00"));

	private final ObjectMapper objectMapper = new ObjectMapper().findAndRegisterModules();

	private final JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(this.objectMapper).build();

	private final RecordingCommandGateway commandGateway = new RecordingCommandGateway();

	private final RecordingOrderTimeouts timeouts = new RecordingOrderTimeouts();

	@Test
	void carriesOnAfterARoundTripWhileReservingStock() {
		OrderSaga saga = sagaAwaitingTheMouse();

		OrderSaga copy = this.serializer.deserialize(this.serializer.serialize(saga, byte[].class));

		assertThat(copy).usingRecursiveComparison().isEqualTo(saga);
		this.commandGateway.sent().clear();
		copy.on(new StockReservedEvent(MOUSE.productId(), ORDER, MOUSE.quantity()), this.commandGateway, this.timeouts);
		assertThat(this.commandGateway.sent()).containsExactly(new ApproveOrderCommand(ORDER));
	}

	@Test
	void storesOnlyItsStateAndNoCollaborators() throws Exception {
		SerializedObject<byte[]> serialized = this.serializer.serialize(sagaAwaitingTheMouse(), byte[].class);

		JsonNode json = this.objectMapper.readTree(serialized.getData());
		List<String> fields = new ArrayList<>();
		json.fieldNames().forEachRemaining(fields::add);
		assertThat(fields).containsExactlyInAnyOrder("orderId", "customerId", "lines", "credit", "stock",
				"approvalRequested", "compensating", "orderFinal", "stoppedWaiting");
		assertThat(json.get("orderId").asText()).isEqualTo("order-1");
		assertThat(json.get("stock").get("keyboard").asText()).isEqualTo("HELD");
	}

	@Test
	void loadsASagaStoredByAnEarlierReleaseWithADeadlineId() throws Exception {
		ObjectNode stored = (ObjectNode) this.objectMapper
			.readTree(this.serializer.serialize(sagaAwaitingTheMouse(), byte[].class).getData());
		stored.put("deadlineId", "deadline-1").put("timedOut", false).remove("stoppedWaiting");
		byte[] earlier = this.objectMapper.writeValueAsBytes(stored);

		OrderSaga copy = this.serializer
			.deserialize(new SimpleSerializedObject<>(earlier, byte[].class, OrderSaga.class.getName(), null));

		assertThat(copy).usingRecursiveComparison().isEqualTo(sagaAwaitingTheMouse());
	}

	@Test
	void serializesTheLegacyDeadlinePayload() {
		OrderTimeout timeout = new OrderTimeout(ORDER);

		OrderTimeout copy = this.serializer.deserialize(this.serializer.serialize(timeout, byte[].class));

		assertThat(copy).isEqualTo(timeout);
	}

	private OrderSaga sagaAwaitingTheMouse() {
		Money total = KEYBOARD.lineTotal().plus(MOUSE.lineTotal());
		OrderSaga saga = new OrderSaga();
		saga.on(new OrderPlacedEvent(ORDER, CUSTOMER, List.of(KEYBOARD, MOUSE), total), this.commandGateway,
				this.timeouts, OrderSagaProperties.defaults());
		saga.on(new CreditReservedEvent(CUSTOMER, ORDER, total), this.commandGateway, this.timeouts);
		saga.on(new StockReservedEvent(KEYBOARD.productId(), ORDER, KEYBOARD.quantity()), this.commandGateway,
				this.timeouts);
		return saga;
	}

}
