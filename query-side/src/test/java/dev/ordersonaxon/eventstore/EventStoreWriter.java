package dev.ordersonaxon.eventstore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;

import dev.ordersonaxon.testsupport.TestDatabase;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Plays the command side's part in tests: its own Spring context migrates the event store
 * with the command side's Flyway scripts and appends domain events through Axon's
 * {@link EventStore}, as aggregates would, with aggregate ids and sequence numbers.
 */
public final class EventStoreWriter implements AutoCloseable {

	private static final String MIGRATIONS = "classpath:db/axon,filesystem:../command-side/src/main/resources/db/migration,"
			+ "filesystem:../command-side/src/main/resources/db/vendor/postgresql";

	private final ConfigurableApplicationContext context;

	private final EventStore eventStore;

	private final Map<String, Long> nextSequence = new HashMap<>();

	private EventStoreWriter(ConfigurableApplicationContext context) {
		this.context = context;
		this.eventStore = context.getBean(EventStore.class);
	}

	public static EventStoreWriter start(TestDatabase database) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(WriterConfiguration.class)
			.web(WebApplicationType.NONE)
			.run("--spring.config.name=event-store-writer", "--spring.datasource.url=" + database.jdbcUrl(),
					"--spring.datasource.username=" + database.user(),
					"--spring.datasource.password=" + database.password(), "--spring.flyway.schemas=event_store",
					"--spring.flyway.default-schema=event_store", "--spring.flyway.create-schemas=true",
					"--spring.flyway.locations=" + MIGRATIONS, "--spring.datasource.hikari.schema=event_store",
					"--axon.axonserver.enabled=false", "--axon.serializer.general=jackson",
					"--axon.serializer.events=jackson", "--axon.serializer.messages=jackson",
					"--axoniq.update-checker.disabled=true");
		return new EventStoreWriter(context);
	}

	/** Appends the payloads as the next events of one aggregate, in one transaction. */
	public void append(String aggregateType, Object aggregateId, Object... payloads) {
		List<DomainEventMessage<?>> events = new ArrayList<>();
		for (Object payload : payloads) {
			events.add(next(aggregateType, aggregateId, payload));
		}
		this.eventStore.publish(events);
	}

	/** Builds the aggregate's next event without appending it, for bulk appends. */
	public DomainEventMessage<?> next(String aggregateType, Object aggregateId, Object payload) {
		String id = aggregateId.toString();
		long sequence = this.nextSequence.merge(id, 1L, Long::sum) - 1;
		return new GenericDomainEventMessage<>(aggregateType, id, sequence, payload);
	}

	public void appendAll(List<? extends DomainEventMessage<?>> events) {
		this.eventStore.publish(events);
	}

	@Override
	public void close() {
		this.context.close();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WriterConfiguration {

		@Bean
		TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
			return new SpringTransactionManager(transactionManager);
		}

	}

}
