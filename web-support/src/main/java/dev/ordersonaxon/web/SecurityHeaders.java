package dev.ordersonaxon.web;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The security headers of every answer, for the answers written before Spring Security's
 * header writer runs: Tomcat's own refusals and the firewall's. The values are the ones
 * the applications' filter chains send.
 */
public final class SecurityHeaders {

	/** The content security policy of an API that serves no pages. */
	public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

	private SecurityHeaders() {
	}

	/** Sets the headers on a response not yet committed. */
	public static void addTo(HttpServletResponse response) {
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
	}

}
