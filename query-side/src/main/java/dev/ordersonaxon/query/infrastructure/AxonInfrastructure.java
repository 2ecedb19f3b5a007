package dev.ordersonaxon.query.infrastructure;

import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.axonframework.springboot.TokenStoreProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Puts the token store and the JDBC view writes under Spring's JPA transaction manager,
 * so that a batch of view changes and its token advance commit together.
 */
@Configuration(proxyBeanMethods = false)
class AxonInfrastructure {

	// Declared here because Axon's conditional on a PlatformTransactionManager may be
	// evaluated before Boot 4 defines one, which would leave a no-op transaction manager.
	@Bean
	TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
		return new SpringTransactionManager(transactionManager);
	}

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
