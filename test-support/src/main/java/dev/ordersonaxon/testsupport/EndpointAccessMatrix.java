package dev.ordersonaxon.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Checks who may call each endpoint an application maps, over real HTTP: every endpoint
 * is read from the application's own request mappings, so one added without an expected
 * rule is a failure, and each is called without a token (401), and with a token of each
 * role (403 unless the role is expected to be allowed, and neither 401 nor 403 if it is).
 * Path variables name nothing, and bodies are empty objects: an allowed call is refused
 * as unknown or invalid, so the check changes nothing.
 */
public final class EndpointAccessMatrix {

	/** Every role a token can carry. */
	public static final List<String> ROLES = List.of("viewer", "clerk", "manager", "admin", "customer");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private EndpointAccessMatrix() {
	}

	/**
	 * The endpoints the application maps, each as {@code "METHOD /pattern"}, leaving out
	 * the framework's error page.
	 */
	public static Set<String> endpoints(RequestMappingHandlerMapping mappings) {
		Set<String> endpoints = new TreeSet<>();
		for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			for (String pattern : info.getPatternValues()) {
				if (pattern.startsWith("/error")) {
					continue;
				}
				if (methods.isEmpty()) {
					endpoints.add("GET " + pattern);
				}
				for (RequestMethod method : methods) {
					endpoints.add(method.name() + " " + pattern);
				}
			}
		}
		return endpoints;
	}

	/**
	 * What differs between {@code allowed}, the roles expected to be allowed each
	 * endpoint, and what the application at {@code baseUrl} answers; empty when they
	 * agree.
	 */
	public static List<String> violations(String baseUrl, Set<String> endpoints, Map<String, Set<String>> allowed)
			throws IOException, InterruptedException {
		List<String> violations = new ArrayList<>();
		for (String endpoint : allowed.keySet()) {
			if (!endpoints.contains(endpoint)) {
				violations.add(endpoint + ": a rule for an endpoint the application does not map");
			}
		}
		for (String endpoint : endpoints) {
			Set<String> roles = allowed.get(endpoint);
			if (roles == null) {
				violations.add(endpoint + ": no rule says who may call it");
				continue;
			}
			int anonymous = status(baseUrl, endpoint, null);
			if (anonymous != 401) {
				violations.add(endpoint + " without a token: " + anonymous + ", expected 401");
			}
			for (String role : ROLES) {
				int status = status(baseUrl, endpoint, role);
				boolean expected = roles.contains(role) ? (status != 401 && status != 403) : (status == 403);
				if (!expected) {
					violations.add(endpoint + " as " + role + ": " + status + ", expected "
							+ (roles.contains(role) ? "neither 401 nor 403" : "403"));
				}
			}
		}
		return violations;
	}

	private static int status(String baseUrl, String endpoint, String role) throws IOException, InterruptedException {
		String method = endpoint.substring(0, endpoint.indexOf(' '));
		String path = endpoint.substring(endpoint.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "matrix-probe");
		boolean hasBody = method.equals("POST") || method.equals("PUT");
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
			.timeout(Duration.ofSeconds(10))
			.header("Accept", "*/*")
			.method(method, hasBody ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
		if (hasBody) {
			request.header("Content-Type", "application/json");
		}
		if (role != null) {
			TestTokens.Token token = TestTokens.withRoles(role);
			request.header("Authorization",
					"Bearer " + (role.equals("customer") ? token.customerId("matrix-customer") : token).sign());
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

}
