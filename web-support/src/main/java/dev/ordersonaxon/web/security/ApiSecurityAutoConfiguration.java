package dev.ordersonaxon.web.security;

import java.util.List;

import dev.ordersonaxon.api.ProblemType;
import dev.ordersonaxon.web.ProblemJson;
import dev.ordersonaxon.web.SecurityHeaders;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * {@link ApiSecurity} for the applications to build their filter chains with, what a
 * token must hold beyond Spring Boot's checks of signature, issuer and audience, and
 * CORS.
 */
@AutoConfiguration
@EnableConfigurationProperties(SecuritySettings.class)
public class ApiSecurityAutoConfiguration {

	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	ApiSecurity apiSecurity(ObjectProvider<JwtDecoder> decoder, SecuritySettings settings,
			@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> endpoints) {
		return new ApiSecurity(decoder, settings.clockSkew(), cors(settings), endpoints);
	}

	/**
	 * Spring Security's firewall refuses paths that could be read two ways (an encoded
	 * slash, a semicolon, {@code ..}, {@code //}): as invalid input, in the shared
	 * vocabulary, not as the error page's own JSON.
	 */
	@Bean
	RequestRejectedHandler requestRejectedHandler() {
		return (request, response, ex) -> {
			SecurityHeaders.addTo(response);
			ProblemJson.write(response, ProblemType.INVALID_INPUT,
					"The request path is not one this server accepts (for example, it holds an encoded slash or "
							+ "percent sign, a semicolon, '..' or '//').");
		};
	}

	@Bean
	CallerScope callerScope(SecuritySettings settings) {
		return new CallerScope(settings.customerClaim());
	}

	/**
	 * Spring Boot adds this to the validators of the decoder it builds: a token must
	 * expire, within a bounded clock skew, and name its subject (events record who caused
	 * them).
	 */
	@Bean
	OAuth2TokenValidator<Jwt> tokenLifetimeAndSubject(SecuritySettings settings) {
		JwtTimestampValidator lifetime = new JwtTimestampValidator(settings.clockSkew());
		lifetime.setAllowEmptyExpiryClaim(false);
		return new DelegatingOAuth2TokenValidator<>(lifetime,
				new JwtClaimValidator<String>(JwtClaimNames.SUB, StringUtils::hasText));
	}

	/** Cross-origin browser requests: refused unless their origin is configured. */
	private static CorsConfigurationSource cors(SecuritySettings settings) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(settings.corsAllowedOrigins());
		cors.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
		cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "Last-Event-ID"));
		cors.setExposedHeaders(List.of("Location", "Retry-After"));
		cors.setMaxAge(settings.corsMaxAge());
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", cors);
		return source;
	}

}
