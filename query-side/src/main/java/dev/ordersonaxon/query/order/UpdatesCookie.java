package dev.ordersonaxon.query.order;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.ordersonaxon.query.infrastructure.InvalidRequestException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.WebUtils;

/**
 * Live updates for browsers. {@code EventSource} cannot send an {@code Authorization}
 * header, and a token in the URL would be written to access logs; so a page posts its
 * short-lived token here once, as a header, and gets it back as an HTTP-only, same-site
 * cookie that only the live-update streams ({@code GET /api/orders/{id}/updates} and
 * {@code GET /api/orders/updates}) read. A token living longer than
 * {@code query-side.updates-token-max-lifetime} (5 minutes) is refused here: a cookie
 * should not hold a long-lived credential.
 */
@RestController
class UpdatesCookie {

	static final String NAME = "orders_updates_token";

	private static final AntPathMatcher PATHS = new AntPathMatcher();

	private final Duration maxLifetime;

	UpdatesCookie(@Value("${query-side.updates-token-max-lifetime:5m}") Duration maxLifetime) {
		this.maxLifetime = maxLifetime;
	}

	/** 204 with the cookie, which expires with the token. */
	@PostMapping("/api/orders/updates-cookie")
	ResponseEntity<Void> issue(@AuthenticationPrincipal Jwt token, HttpServletRequest request) {
		Instant issued = token.getIssuedAt();
		Instant expires = token.getExpiresAt();
		if (issued == null || expires == null || Duration.between(issued, expires).compareTo(this.maxLifetime) > 0) {
			throw new InvalidRequestException("Live updates take a short-lived token in a cookie: one that lives at "
					+ "most " + this.maxLifetime.toSeconds() + " s from iat to exp.", List.of());
		}
		ResponseCookie cookie = ResponseCookie.from(NAME, token.getTokenValue())
			.httpOnly(true)
			.secure(request.isSecure())
			.sameSite("Strict")
			.path("/api/orders/")
			.maxAge(Duration.between(Instant.now(), expires).toSeconds())
			.build();
		return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, cookie.toString()).build();
	}

	/** Where the resource server finds a request's token. */
	@Configuration(proxyBeanMethods = false)
	static class Tokens {

		/**
		 * The token of the Authorization header, or on a live-update stream only, the
		 * cookie's.
		 */
		@Bean
		BearerTokenResolver bearerTokenResolver() {
			DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();
			return (request) -> {
				String token = header.resolve(request);
				if (token != null || !"GET".equals(request.getMethod()) || !isStream(request.getRequestURI())) {
					return token;
				}
				Cookie cookie = WebUtils.getCookie(request, NAME);
				return (cookie != null) ? cookie.getValue() : null;
			};
		}

		private static boolean isStream(String path) {
			return PATHS.match("/api/orders/*/updates", path) || PATHS.match("/api/orders/updates", path);
		}

	}

}
