package dev.ordersonaxon.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/** Just enough HTTP and JSON for the tests; nothing here knows the applications' code. */
final class Http {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final ObjectMapper json = new ObjectMapper();

	private Http() {
	}

	record Response(int status, String contentType, JsonNode body, HttpHeaders headers) {

		/** The first value of a header, or null. */
		String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

	}

	static Response get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).GET());
	}

	static Response post(String url, String body) {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	static Response post(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()));
	}

	static Response put(String url, String body) {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body)));
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

}
