package dev.ordersonaxon.eventstore;

import java.sql.DriverManager;

import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.axonframework.eventhandling.EventBusSpanFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Replaces Axon's embedded event store with one that a PostgreSQL notification can wake,
 * and starts the listener when the data source is PostgreSQL.
 */
@AutoConfiguration(after = { AxonJdbcAutoConfiguration.class, JdbcAutoConfiguration.class },
		before = AxonAutoConfiguration.class)
@ConditionalOnBean(EventStorageEngine.class)
@EnableConfigurationProperties(EventStoreProperties.class)
public class PostgresEventStoreAutoConfiguration {

	/** Condition for beans that need PostgreSQL's LISTEN/NOTIFY (H2 has none). */
	public static final String ON_POSTGRES = "'${spring.datasource.url:}'.startsWith('jdbc:postgresql:')";

	@Bean(name = "eventBus")
	@Qualifier("eventStore")
	@ConditionalOnMissingBean(EventBus.class)
	WakeableEventStore eventStore(EventStorageEngine storageEngine, Configuration configuration,
			EventStoreProperties properties) {
		EmbeddedEventStore.Builder builder = EmbeddedEventStore.builder()
			.storageEngine(storageEngine)
			.fetchDelay(properties.pollInterval().toMillis())
			.messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
			.spanFactory(configuration.getComponent(EventBusSpanFactory.class));
		// a notification of an event the reader has read already wakes nothing; the
		// others, and this process's commits, make the reader fetch
		return (storageEngine instanceof ParsedTimestampJdbcEventStorageEngine engine) ? new WakeableEventStore(builder,
				engine::sharedWindowHasRead, engine.commitReporter(properties.pollInterval()))
				: new WakeableEventStore(builder);
	}

	@Bean
	@ConditionalOnBean(WakeableEventStore.class)
	@ConditionalOnExpression("${orders.event-store.listen-for-notifications:true} and " + ON_POSTGRES)
	NotificationListener eventNotificationListener(WakeableEventStore eventStore, Environment environment,
			EventStoreProperties properties) {
		return new NotificationListener(connectionFactory(environment), properties.channel(), eventStore::committed);
	}

	/** Connections of their own for listeners, which hold one for as long as they run. */
	public static NotificationListener.ConnectionFactory connectionFactory(Environment environment) {
		String url = environment.getRequiredProperty("spring.datasource.url");
		String user = environment.getProperty("spring.datasource.username");
		String password = environment.getProperty("spring.datasource.password");
		return () -> DriverManager.getConnection(url, user, password);
	}

}
