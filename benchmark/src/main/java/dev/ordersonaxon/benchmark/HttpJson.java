package dev.ordersonaxon.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * JSON over HTTP; every call answers status and body, never throws on 4xx. Every request
 * carries the bearer token, when there is one. Requests to {@code http://} go over
 * connections of the tool's own ({@link KeptAliveConnections}), each on a thread that
 * waits for its answer; the JDK client serves the rest and the event streams.
 */
public final class HttpJson {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private final HttpClient client;

	private final BearerToken token;

	private final KeptAliveConnections connections = new KeptAliveConnections(CONNECT_TIMEOUT, TIMEOUT);

	/** The threads that wait for the answers on {@link #connections}, as many as wait. */
	private final Executor exchanges = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "bench-exchange");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * @param executor runs the JDK client's work
	 * @param token sent with every request, or null for none
	 */
	public HttpJson(Executor executor, BearerToken token) {
		this.token = token;
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(CONNECT_TIMEOUT)
			.executor(executor)
			.build();
	}

	/**
	 * The client underneath, for what is not JSON (event streams); its requests start
	 * from {@link #newRequest}.
	 */
	public HttpClient client() {
		return this.client;
	}

	/** A request to {@code url} that carries the token, if any, and nothing else yet. */
	public HttpRequest.Builder newRequest(String url) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
		if (this.token != null) {
			request.header("Authorization", this.token.authorization());
		}
		return request;
	}

	public CompletableFuture<Response> postAsync(String url, Object body) {
		return sendAsync("POST", url, body, null, null);
	}

	/** Posts with one more request header, such as an {@code Idempotency-Key}. */
	public CompletableFuture<Response> postAsync(String url, Object body, String header, String value) {
		return sendAsync("POST", url, body, header, value);
	}

	public CompletableFuture<Response> getAsync(String url) {
		return sendAsync("GET", url, null, null, null);
	}

	public Response post(String url, Object body) {
		return join(postAsync(url, body));
	}

	public Response get(String url) {
		return join(getAsync(url));
	}

	private static Response join(CompletableFuture<Response> response) {
		try {
			return response.join();
		}
		catch (java.util.concurrent.CompletionException ex) {
			throw new UncheckedIOException(new IOException(ex.getCause().getMessage(), ex.getCause()));
		}
	}

	private CompletableFuture<Response> sendAsync(String method, String url, Object body, String header, String value) {
		URI uri = URI.create(url);
		byte[] json = json(body);
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", "application/json");
		headers.put("Accept", "application/json");
		if (header != null) {
			headers.put(header, value);
		}
		if (!"http".equalsIgnoreCase(uri.getScheme())) {
			HttpRequest.Builder request = newRequest(url).timeout(TIMEOUT);
			headers.forEach(request::header);
			request.method(method, (json != null) ? HttpRequest.BodyPublishers.ofByteArray(json)
					: HttpRequest.BodyPublishers.noBody());
			return this.client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(Response::of);
		}
		if (this.token != null) {
			headers.put("Authorization", this.token.authorization());
		}
		return CompletableFuture.supplyAsync(() -> {
			try {
				return this.connections.exchange(method, uri, headers, json);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}, this.exchanges);
	}

	private static byte[] json(Object body) {
		if (body == null) {
			return null;
		}
		try {
			return Json.MAPPER.writeValueAsBytes(body);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	/** A response: status, body text and headers. */
	public record Response(int status, String body, HttpHeaders headers) {

		private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (name, value) -> true);

		public Response(int status, String body) {
			this(status, body, NO_HEADERS);
		}

		static Response of(HttpResponse<String> response) {
			return new Response(response.statusCode(), response.body(), response.headers());
		}

		/** The first value of the header, whatever the case of its name. */
		public Optional<String> header(String name) {
			return this.headers.firstValue(name);
		}

		public boolean isSuccess() {
			return this.status >= 200 && this.status < 300;
		}

		public JsonNode json() {
			try {
				return Json.MAPPER.readTree(this.body);
			}
			catch (JsonProcessingException ex) {
				throw new IllegalStateException("not JSON (status " + this.status + "): " + this.body, ex);
			}
		}

		public <T> T as(Class<T> type) {
			try {
				return Json.MAPPER.readValue(this.body, type);
			}
			catch (JsonProcessingException ex) {
				throw new IllegalStateException("cannot read " + type.getSimpleName() + ": " + this.body, ex);
			}
		}

		/** Fails loudly with what the server said. */
		public Response requireSuccess(String what) {
			if (this.status == 401 || this.status == 403) {
				throw new IllegalStateException(what + " failed with HTTP " + this.status + ": " + this.body
						+ "\n  the token (--" + BearerToken.OPTION + " or " + BearerToken.ENVIRONMENT
						+ ") must be one the system trusts, unexpired, with the roles " + BearerToken.ROLES);
			}
			if (!isSuccess()) {
				throw new IllegalStateException(what + " failed with HTTP " + this.status + ": " + this.body);
			}
			return this;
		}

	}

}
