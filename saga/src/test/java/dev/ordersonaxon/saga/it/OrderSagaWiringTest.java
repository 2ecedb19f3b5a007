package dev.ordersonaxon.saga.it;

import java.time.Duration;
import java.util.List;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.customer.ReleaseCreditCommand;
import dev.ordersonaxon.api.customer.ReserveCreditCommand;
import dev.ordersonaxon.api.order.OrderCancelledEvent;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.order.OrderStatus;
import dev.ordersonaxon.api.order.RejectOrderCommand;
import dev.ordersonaxon.api.order.RejectionReason;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.api.product.ReleaseStockCommand;
import dev.ordersonaxon.saga.OrderSaga;
import dev.ordersonaxon.saga.SagaDeadLetters;
import dev.ordersonaxon.testsupport.TestDatabase;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(
		properties = { "orders.saga.timeout=2s", "axon.axonserver.enabled=false", "axon.serializer.general=jackson",
				"axon.serializer.events=jackson", "axon.serializer.messages=jackson", "spring.sql.init.mode=always",
				"spring.sql.init.schema-locations=classpath:scheduled-tasks.sql,classpath:dead-letters.sql" })
class OrderSagaWiringTest {

	private static final TestDatabase database = TestDatabase.create("saga_wiring");

	private static final CustomerId CUSTOMER = new CustomerId("customer-1");

	private static final OrderLine KEYBOARD = new OrderLine(new ProductId("keyboard"), 2, Money.of("49.50"));

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		database.registerDataSource(registry);
	}

	@Autowired
	private EventGateway eventGateway;

	@Autowired
	private SagaHostApplication.RecordingParticipants participants;

	@Autowired
	private DeadlineManager deadlineManager;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private EventProcessingConfiguration eventProcessing;

	@Autowired
	private SagaDeadLetters sagaDeadLetters;

	@Test
	void runsSagaAndCancellationHandlerInOneTrackingProcessorThatRetriesFailedEvents() {
		assertThat(this.eventProcessing.eventProcessorByProcessingGroup("order-saga"))
			.containsInstanceOf(TrackingEventProcessor.class);
		assertThat(this.eventProcessing.listenerInvocationErrorHandler("order-saga"))
			.isSameAs(PropagatingErrorHandler.instance());
		assertThat(this.eventProcessing.eventProcessors()).containsOnlyKeys("order-saga");
		// once: a second registration would count every failure twice and park early
		assertThat(this.eventProcessing.interceptorsFor("order-saga"))
			.filteredOn((interceptor) -> interceptor == this.sagaDeadLetters.interceptor())
			.hasSize(1);
	}

	@Test
	void readsTheSagasOfItsSegmentsThroughACacheThatEveryClaimOfTheirTokensEmpties() {
		assertThat(this.eventProcessing.sagaConfiguration(OrderSaga.class).store().getClass().getName())
			.startsWith("dev.ordersonaxon.saga.ClaimScopedSagaCache$");
		assertThat(this.eventProcessing.tokenStore("order-saga").getClass().getName())
			.startsWith("dev.ordersonaxon.saga.ClaimScopedSagaCache$");
	}

	@Test
	void neverReplaysTheSaga() {
		assertThat(this.eventProcessing.eventProcessorByProcessingGroup("order-saga", StreamingEventProcessor.class))
			.hasValueSatisfying((processor) -> assertThat(processor.supportsReset()).isFalse());
	}

	@Test
	void keepsThePersistentDeadlineManagerForDeadlinesOfEarlierReleases() {
		assertThat(this.deadlineManager).isInstanceOf(DbSchedulerDeadlineManager.class);
	}

	@Test
	void rejectsAnOrderNobodyAnswersWhenItsStoredDeadlineFires() {
		OrderId order = new OrderId("unanswered");
		this.eventGateway.publish(new OrderPlacedEvent(order, CUSTOMER, List.of(KEYBOARD), KEYBOARD.lineTotal()));

		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(this.participants.commands())
				.contains(new ReserveCreditCommand(CUSTOMER, order, KEYBOARD.lineTotal())));
		// the command is handled inside the saga's transaction, which stores saga and
		// deadline
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(sagasOf(order)).isEqualTo(1);
			assertThat(scheduledDeadlines(order)).isEqualTo(1);
		});

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.participants.commands())
				.contains(new RejectOrderCommand(order, RejectionReason.TIMEOUT)));
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(sagasOf(order)).isZero());
		assertThat(scheduledDeadlines(order)).isZero();
	}

	@Test
	void handlesAnOrderPlacedWhileTheApplicationStarted() {
		OrderPlacedEvent order = SagaHostApplication.OrderPlacedWhileStarting.ORDER;

		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(this.participants.commands())
				.contains(new ReserveCreditCommand(order.customerId(), order.orderId(), order.total())));
	}

	@Test
	void givesBackTheReservationsOfACancelledApprovedOrder() {
		OrderId order = new OrderId("approved-then-cancelled");
		this.eventGateway.publish(new OrderCancelledEvent(order, CUSTOMER, List.of(KEYBOARD), OrderStatus.APPROVED));

		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(this.participants.commands()).contains(
					new ReleaseCreditCommand(CUSTOMER, order), new ReleaseStockCommand(KEYBOARD.productId(), order)));
	}

	private int scheduledDeadlines(OrderId order) {
		return this.jdbc.queryForObject(
				"SELECT count(*) FROM event_store.scheduled_tasks WHERE task_name = 'order-timeout' AND task_instance = ?",
				Integer.class, order.value());
	}

	private int sagasOf(OrderId order) {
		return this.jdbc.queryForObject(
				"SELECT count(*) FROM associationvalueentry WHERE associationkey = 'orderId' AND associationvalue = ?",
				Integer.class, order.value());
	}

}
