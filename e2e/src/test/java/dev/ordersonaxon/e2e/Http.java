package dev.ordersonaxon.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.ordersonaxon.testsupport.TestTokens;

/**
 * Just enough HTTP and JSON for the tests; nothing here knows the applications' code.
 * Every request carries an operator's bearer token (every role but customer): these tests
 * are about what the system does with orders, not about who may place them, and the
 * applications refuse any request without a token but the health probes.
 */
final class Http {

	/**
	 * How long one operator token is used: well within the hour it is valid, so that a
	 * run of any length (the fault-injection suite takes minutes) never sends an expired
	 * one.
	 */
	private static final Duration TOKEN_REUSE = Duration.ofMinutes(10);

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final AtomicReference<OperatorToken> operator = new AtomicReference<>();

	private static final ObjectMapper json = new ObjectMapper();

	private Http() {
	}

	record Response(int status, String contentType, JsonNode body, HttpHeaders headers) {

		/** The first value of a header, or null. */
		String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

	}

	/**
	 * A request to {@code url} with the operator's token: how every request of these
	 * tests starts.
	 */
	static HttpRequest.Builder request(String url) {
		return HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization());
	}

	/**
	 * The {@code Authorization} header value of an operator: a token minted for this
	 * JVM's test key, used for a while and then minted anew.
	 */
	static String authorization() {
		return operator.updateAndGet((token) -> (token != null && token.isFresh()) ? token : OperatorToken.mint())
			.header();
	}

	static Response get(String url) {
		return send(request(url).GET());
	}

	static Response post(String url, String body) {
		return send(request(url).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	static Response post(String url) {
		return send(request(url).POST(HttpRequest.BodyPublishers.noBody()));
	}

	static Response put(String url, String body) {
		return send(
				request(url).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
	}

	static HttpClient client() {
		return client;
	}

	static JsonNode parse(String text) {
		try {
			return (text == null || text.isBlank()) ? MissingNode.getInstance() : json.readTree(text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("not JSON: " + text, ex);
		}
	}

	private static Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					parse(response.body()), response.headers());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** An operator's {@code Authorization} header value and when it was minted. */
	private record OperatorToken(String header, long mintedAt) {

		static OperatorToken mint() {
			return new OperatorToken(TestTokens.operator(), System.nanoTime());
		}

		boolean isFresh() {
			return System.nanoTime() - this.mintedAt < TOKEN_REUSE.toNanos();
		}

	}

}
