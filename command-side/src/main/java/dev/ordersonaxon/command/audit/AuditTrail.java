package dev.ordersonaxon.command.audit;

import java.util.Map;

import dev.ordersonaxon.api.AuditMetadata;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who caused each event, kept in its metadata. A command sent for a request carries the
 * request's principal (the bearer token's subject) as {@code principal}
 * ({@link AuditMetadata#PRINCIPAL}); Axon copies it, with {@code correlationId} (the
 * message that caused this one) and {@code traceId} (the first message of the chain),
 * onto every event the command applies and every message handled on from there: the
 * saga's commands for an order carry the principal who placed it, and so do the events
 * they apply.
 */
@Configuration(proxyBeanMethods = false)
public class AuditTrail {

	/** The command as a message carrying the principal of the current request, if any. */
	public static CommandMessage<?> onBehalfOfCurrentPrincipal(Object command) {
		CommandMessage<?> message = GenericCommandMessage.asCommandMessage(command);
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return message;
		}
		return message.andMetaData(Map.of(AuditMetadata.PRINCIPAL, authentication.getName()));
	}

	/**
	 * Axon's own correlation and trace ids; declaring any provider replaces its default.
	 */
	@Bean
	CorrelationDataProvider messageOriginProvider() {
		return new MessageOriginProvider();
	}

	@Bean
	CorrelationDataProvider principalProvider() {
		return new SimpleCorrelationDataProvider(AuditMetadata.PRINCIPAL);
	}

}
