package dev.ordersonaxon.web.security;

import java.io.IOException;

import dev.ordersonaxon.api.ProblemType;
import dev.ordersonaxon.web.ProblemJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers a request without a valid token 401 and one whose roles do not allow it 403, as
 * problems of the shared vocabulary. The texts are fixed: why a token was refused
 * (expired, signature, audience) is not told to whoever presented it.
 */
final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		// a token was presented and refused (an absent one is an insufficient
		// authentication)
		boolean tokenRefused = ex instanceof OAuth2AuthenticationException;
		// RFC 6750: the scheme, and why, without a description a caller could probe with
		response.setHeader("WWW-Authenticate", tokenRefused ? "Bearer error=\"invalid_token\"" : "Bearer");
		ProblemJson.write(response, ProblemType.UNAUTHORIZED,
				tokenRefused ? "The bearer token is not valid here: it may have expired, be signed by an unknown "
						+ "key or be meant for another service." : "This request needs a bearer token.");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		ProblemJson.write(response, ProblemType.FORBIDDEN, "The token's roles do not allow this request.");
	}

}
