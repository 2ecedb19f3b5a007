package dev.ordersonaxon.saga.it;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.customer.ReleaseCreditCommand;
import dev.ordersonaxon.api.customer.ReserveCreditCommand;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.api.order.OrderRejectedEvent;
import dev.ordersonaxon.api.order.RejectOrderCommand;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.api.product.ReleaseStockCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.config.SpringAxonConfiguration;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

/**
 * Stands in for the command side: events and tokens in memory, sagas and deadlines in
 * PostgreSQL, and participants that only record the commands they get.
 */
@SpringBootApplication
class SagaHostApplication {

	@Bean
	EventStorageEngine eventStorageEngine() {
		return new InMemoryEventStorageEngine();
	}

	@Bean
	TokenStore tokenStore() {
		return new InMemoryTokenStore();
	}

	@Bean
	JdbcSagaStore sagaStore(DataSource dataSource, Serializer serializer) throws SQLException {
		JdbcSagaStore store = JdbcSagaStore.builder()
			.connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
			.sqlSchema(new PostgresSagaSqlSchema())
			.serializer(serializer)
			.build();
		store.createSchema();
		return store;
	}

	@Bean
	RecordingParticipants participants(EventGateway eventGateway) {
		return new RecordingParticipants(eventGateway);
	}

	@Bean
	OrderPlacedWhileStarting orderPlacedWhileStarting(EventGateway eventGateway) {
		return new OrderPlacedWhileStarting(eventGateway);
	}

	/**
	 * Places an order while the application starts, just before Axon starts its
	 * processors: as another node would, which takes orders already.
	 */
	static class OrderPlacedWhileStarting implements SmartLifecycle {

		static final OrderPlacedEvent ORDER = new OrderPlacedEvent(new OrderId("placed-while-starting"),
				new CustomerId("customer-1"), List.of(new OrderLine(new ProductId("mouse"), 1, Money.of("20.00"))),
				Money.of("20.00"));

		private final EventGateway eventGateway;

		private volatile boolean running;

		OrderPlacedWhileStarting(EventGateway eventGateway) {
			this.eventGateway = eventGateway;
		}

		@Override
		public void start() {
			this.eventGateway.publish(ORDER);
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return SpringAxonConfiguration.LIFECYCLE_PHASE - 1;
		}

	}

	/**
	 * Customers and products that never answer a reservation; orders that reject as told.
	 */
	static class RecordingParticipants {

		private final List<Object> commands = new CopyOnWriteArrayList<>();

		private final EventGateway eventGateway;

		RecordingParticipants(EventGateway eventGateway) {
			this.eventGateway = eventGateway;
		}

		List<Object> commands() {
			return this.commands;
		}

		@CommandHandler
		void handle(ReserveCreditCommand command) {
			this.commands.add(command);
		}

		@CommandHandler
		void handle(ReleaseCreditCommand command) {
			this.commands.add(command);
		}

		@CommandHandler
		void handle(ReleaseStockCommand command) {
			this.commands.add(command);
		}

		@CommandHandler
		void handle(RejectOrderCommand command) {
			this.commands.add(command);
			this.eventGateway.publish(new OrderRejectedEvent(command.orderId(), command.reason()));
		}

	}

}
