package dev.ordersonaxon.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import dev.ordersonaxon.testsupport.TestTokens;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** A small JSON client for the real HTTP API in integration tests. */
public final class HttpJson {

	// Exact decimals, so that a test sees whether amounts carry two fraction digits.
	private static final ObjectMapper JSON = new ObjectMapper()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

	private final HttpClient client = HttpClient.newHttpClient();

	private final String base;

	public HttpJson(int port) {
		this.base = "http://localhost:" + port;
	}

	public Response get(String path) {
		return get(uri(path));
	}

	public Response get(URI uri) {
		return send(HttpRequest.newBuilder(uri).header("Authorization", TestTokens.operator()).GET().build());
	}

	public Response post(String path) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Authorization", TestTokens.operator())
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
	}

	public Response delete(String path) {
		return send(HttpRequest.newBuilder(uri(path)).header("Authorization", TestTokens.operator()).DELETE().build());
	}

	public URI uri(String path) {
		return URI.create(this.base + path);
	}

	public HttpClient client() {
		return this.client;
	}

	/**
	 * Long enough for any request of these tests; a request that hangs fails its test.
	 */
	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

	private Response send(HttpRequest request) {
		try {
			HttpRequest limited = HttpRequest.newBuilder(request, (name, value) -> true)
				.timeout(REQUEST_TIMEOUT)
				.build();
			HttpResponse<String> response = this.client.send(limited, HttpResponse.BodyHandlers.ofString());
			String body = response.body();
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					(body == null || body.isEmpty()) ? JSON.nullNode() : JSON.readTree(body), response.headers());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public static JsonNode parse(String json) {
		try {
			return JSON.readTree(json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Status, content type, parsed body and headers of one response. */
	public record Response(int status, String contentType, JsonNode body, HttpHeaders headers) {

		public Optional<String> header(String name) {
			return this.headers.firstValue(name);
		}

	}

}
