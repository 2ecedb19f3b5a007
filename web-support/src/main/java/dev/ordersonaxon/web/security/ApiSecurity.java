package dev.ordersonaxon.web.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import dev.ordersonaxon.api.ProblemType;
import dev.ordersonaxon.web.ProblemJson;
import dev.ordersonaxon.web.SecurityHeaders;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The security both applications' APIs share: every request needs a valid bearer token
 * except the health probes; each application adds the roles its endpoints need, and an
 * endpoint it names no rule for is denied to everyone (a path that maps no endpoint is
 * 404 to any valid token). 401 and 403 are problem responses; every answer carries
 * security headers; sessions and CSRF tokens have no place, since only a token the client
 * sends itself authenticates, never a cookie a browser would add.
 */
public final class ApiSecurity {

	/**
	 * What a request of some path and method needs: one application's part of the rules.
	 */
	public interface Rules extends
			Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> {

	}

	/** How long a verified token is taken from memory before it is verified again. */
	static final Duration KEEP_VERIFIED = Duration.ofSeconds(60);

	/** How many verified tokens are remembered at most. */
	static final int VERIFIED_CAPACITY = 4096;

	private final ObjectProvider<JwtDecoder> decoder;

	private final Duration clockSkew;

	private final CorsFilter cors;

	private final ObjectProvider<RequestMappingHandlerMapping> endpoints;

	private final ProblemSecurityHandlers problems = new ProblemSecurityHandlers();

	ApiSecurity(ObjectProvider<JwtDecoder> decoder, Duration clockSkew, CorsConfigurationSource cors,
			ObjectProvider<RequestMappingHandlerMapping> endpoints) {
		this.decoder = decoder;
		this.clockSkew = clockSkew;
		this.endpoints = endpoints;
		this.cors = new CorsFilter(cors);
		this.cors.setCorsProcessor(new ProblemCorsProcessor());
	}

	/**
	 * The filter chain of an application whose endpoints need what {@code rules} say.
	 * @throws IllegalStateException when no way to verify tokens is configured
	 */
	public SecurityFilterChain filterChain(HttpSecurity http, Rules rules) throws Exception {
		JwtDecoder decoder = this.decoder.getIfAvailable();
		if (decoder == null) {
			throw new IllegalStateException("No way to verify bearer tokens is configured: set one of "
					+ "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI, ..._JWK_SET_URI or "
					+ "..._PUBLIC_KEY_LOCATION (./run.sh sets a key of its own; see the README, Security)");
		}
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.addFilter(this.cors)
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(SecurityHeaders.CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
			.oauth2ResourceServer(
					(server) -> server
						.jwt((jwt) -> jwt.decoder(new VerifiedTokens(decoder, this.clockSkew, KEEP_VERIFIED,
								VERIFIED_CAPACITY, Clock.systemUTC())))
						.authenticationEntryPoint(this.problems)
						.accessDeniedHandler(this.problems))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(this.problems)
				.accessDeniedHandler(this.problems))
			.authorizeHttpRequests((requests) -> {
				// an asynchronous answer (a live-update stream) or an error page
				// continues a request that was authorized when it came in
				requests.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll();
				// status only; details need the admin role (health's show-details)
				requests
					.requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/liveness",
							"/actuator/health/readiness")
					.permitAll();
				rules.customize(requests);
				requests.requestMatchers("/actuator/**").hasRole(Role.ADMIN.id());
				// a mistyped path or a wrong method: any valid token learns so (404, 405)
				requests.requestMatchers(this::mapsNoEndpoint).authenticated();
				// an endpoint the application named no rule for
				requests.anyRequest().denyAll();
			});
		return http.build();
	}

	private boolean mapsNoEndpoint(HttpServletRequest request) {
		try {
			return this.endpoints.getObject().getHandler(request) == null;
		}
		catch (Exception ex) {
			// the path is mapped for other methods or media types: the answer says so
			return true;
		}
	}

	/** Refuses what CORS does not allow as a problem, not as a bare text. */
	private static final class ProblemCorsProcessor extends DefaultCorsProcessor {

		@Override
		protected void rejectRequest(ServerHttpResponse response) throws IOException {
			response.setStatusCode(HttpStatus.FORBIDDEN);
			response.getHeaders().setContentType(MediaType.parseMediaType(ProblemJson.MEDIA_TYPE));
			response.getBody()
				.write(ProblemJson.of(ProblemType.FORBIDDEN, "Requests from this origin are not allowed.")
					.getBytes(StandardCharsets.UTF_8));
			response.flush();
		}

	}

}
