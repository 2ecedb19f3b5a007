package dev.ordersonaxon.query.infrastructure;

import java.util.Map;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.lifecycle.Phase;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.TokenStoreProperties;

import dev.ordersonaxon.eventstore.HandledEvents;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's infrastructure on the query side. The token store is named after this node so
 * that the replay admin can tell its claims from other nodes'. Tokens live in the read
 * model's schema and are written on the same Spring-managed connection as the view writes
 * (Axon is bound to Spring's transaction manager by the eventstore-postgres module), so a
 * batch of view changes and its token advance commit together.
 */
@Configuration(proxyBeanMethods = false)
class AxonInfrastructure {

	@Bean
	TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer, TokenSchema tokenSchema,
			TokenStoreProperties tokenStoreProperties, QuerySideSettings settings) {
		return JdbcTokenStore.builder()
			.connectionProvider(connectionProvider)
			.schema(tokenSchema)
			.serializer(serializer)
			.claimTimeout(tokenStoreProperties.getClaimTimeout())
			.nodeId(settings.nodeId())
			.build();
	}

	/**
	 * The projections' sources (their {@code source} in application.yml): each passes
	 * over the events its projection has no handler for, two thirds of them, before
	 * Axon's processor spends time on them.
	 */
	@Bean
	HandledEvents customersEvents(EventStore eventStore, ObjectProvider<EventProcessingConfiguration> processing) {
		return new HandledEvents(eventStore, "customers", processing::getObject);
	}

	@Bean
	HandledEvents productsEvents(EventStore eventStore, ObjectProvider<EventProcessingConfiguration> processing) {
		return new HandledEvents(eventStore, "products", processing::getObject);
	}

	@Bean
	HandledEvents ordersEvents(EventStore eventStore, ObjectProvider<EventProcessingConfiguration> processing) {
		return new HandledEvents(eventStore, "orders", processing::getObject);
	}

	/**
	 * Rebuilds whose view a migration changed start over before the processors start
	 * ({@link ViewRebuilds#startOverChangedRebuilds}).
	 */
	@Bean
	ConfigurerModule rebuildsAfterMigrations(ViewRebuilds views) {
		return (configurer) -> configurer.onInitialize((config) -> config.onStart(Phase.INBOUND_EVENT_CONNECTORS - 1,
				() -> views.startOverChangedRebuilds(config.eventProcessingConfiguration())));
	}

	/**
	 * Replaces Axon's default correlation (trace and correlation ids copied from the
	 * message being handled into every message created while handling it). Nothing here
	 * sends a message on that anyone follows up, and the default made every projection
	 * parse every event's metadata, even of events it ignores: an eighth of a replay's
	 * CPU.
	 */
	@Bean
	CorrelationDataProvider noCorrelationData() {
		return (message) -> Map.of();
	}

}
