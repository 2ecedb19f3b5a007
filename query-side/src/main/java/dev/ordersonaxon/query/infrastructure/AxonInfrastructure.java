package dev.ordersonaxon.query.infrastructure;

import java.util.Map;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.TokenStoreProperties;

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
