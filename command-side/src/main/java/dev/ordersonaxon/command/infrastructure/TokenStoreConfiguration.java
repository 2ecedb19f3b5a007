package dev.ordersonaxon.command.infrastructure;

import java.lang.management.ManagementFactory;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.TokenStoreProperties;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The tracking tokens of the saga's processor, claimed in this node's name. Nodes share
 * the saga's segments by their claims, so each needs a name of its own: Axon's default is
 * the JVM's ({@code pid@host}), which two nodes in one JVM (a test) or two containers
 * with the same host name and pid would share, and then both would handle one segment.
 */
@Configuration(proxyBeanMethods = false)
class TokenStoreConfiguration {

	@Bean
	TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer, TokenSchema tokenSchema,
			TokenStoreProperties tokenStoreProperties, @Value("${orders.command.node-id:}") String nodeId) {
		return JdbcTokenStore.builder()
			.connectionProvider(connectionProvider)
			.schema(tokenSchema)
			.serializer(serializer)
			.claimTimeout(tokenStoreProperties.getClaimTimeout())
			.nodeId(nodeId.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : nodeId)
			.build();
	}

}
