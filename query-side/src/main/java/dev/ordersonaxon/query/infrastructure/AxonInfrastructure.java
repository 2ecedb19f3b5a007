package dev.ordersonaxon.query.infrastructure;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.TokenStoreProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The token store, named after this node so that the replay admin can tell its claims
 * from other nodes'. Tokens live in the read model's schema and are written on the same
 * Spring-managed connection as the view writes (Axon is bound to Spring's transaction
 * manager by the eventstore-postgres module), so a batch of view changes and its token
 * advance commit together.
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

}
