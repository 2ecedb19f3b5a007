package dev.ordersonaxon.web.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What both applications' security shares beyond Spring Boot's own
 * {@code spring.security.oauth2.resourceserver.jwt.*}, which say where tokens are
 * verified.
 *
 * @param clockSkew how far a token's times may be off this node's clock
 * @param corsAllowedOrigins the browser origins allowed to call the API from another
 * origin; none by default, so every cross-origin browser request is refused
 * @param corsMaxAge how long a browser may cache a CORS preflight answer
 * @param customerClaim the token claim naming the customer a {@code customer} token acts
 * for
 */
@ConfigurationProperties("orders.security")
public record SecuritySettings(Duration clockSkew, List<String> corsAllowedOrigins, Duration corsMaxAge,
		String customerClaim) {

	public SecuritySettings {
		customerClaim = (customerClaim != null && !customerClaim.isBlank()) ? customerClaim : "customer_id";
		clockSkew = (clockSkew != null) ? clockSkew : Duration.ofSeconds(30);
		corsAllowedOrigins = (corsAllowedOrigins != null) ? List.copyOf(corsAllowedOrigins) : List.of();
		corsMaxAge = (corsMaxAge != null) ? corsMaxAge : Duration.ofHours(1);
	}

}
