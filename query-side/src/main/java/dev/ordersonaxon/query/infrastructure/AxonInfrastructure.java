package dev.ordersonaxon.query.infrastructure;

import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.TokenStoreProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The token store, named after this node so that the replay admin can tell its claims
 * from other nodes'. Tokens live in the read model's schema and share the JPA transaction
 * with the JDBC view writes (Axon is bound to Spring's transaction manager by the
 * eventstore-postgres module), so a batch of view changes and its token advance commit
 * together.
 */
@Configuration(proxyBeanMethods = false)
class AxonInfrastructure {

	@Bean
	TokenStore tokenStore(Serializer serializer, EntityManagerProvider entityManagerProvider,
			TokenStoreProperties tokenStoreProperties, QuerySideSettings settings) {
		return JpaTokenStore.builder()
			.entityManagerProvider(entityManagerProvider)
			.serializer(serializer)
			.claimTimeout(tokenStoreProperties.getClaimTimeout())
			.nodeId(settings.nodeId())
			.build();
	}

}
