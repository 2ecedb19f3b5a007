package dev.ordersonaxon.benchmark.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ordersonaxon.benchmark.Json;

/**
 * A query side whose order streams the test drives by hand: each stream request is
 * answered with the headers (or the status the test chose) and handed to the test, which
 * writes the events, ends it or breaks it. {@code GET /api/orders/{id}} answers the view
 * the test set, for the polls after a fallback.
 */
final class ScriptedUpdates implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService requests = Executors.newFixedThreadPool(4);

	private final BlockingQueue<Stream> streams = new LinkedBlockingQueue<>();

	private final Map<String, Map<String, Object>> views = new ConcurrentHashMap<>();

	private final AtomicInteger reads = new AtomicInteger();

	private volatile int streamStatus = 200;

	private volatile boolean fixedLength;

	ScriptedUpdates() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(this.requests);
		this.server.createContext("/api/orders/", this::handle);
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** Streams are answered with this status and a JSON body instead. */
	void refuseStreams(int status) {
		this.streamStatus = status;
	}

	/**
	 * Streams announce a length they never reach, so ending one breaks the response.
	 */
	void announceALengthStreamsNeverReach() {
		this.fixedLength = true;
	}

	/** What {@code GET /api/orders/{id}} answers from now on. */
	void serve(String orderId, String status) {
		this.views.put(orderId, view(orderId, status));
	}

	int reads() {
		return this.reads.get();
	}

	/** The next stream a client opened. */
	Stream nextStream() throws InterruptedException {
		Stream stream = this.streams.poll(10, TimeUnit.SECONDS);
		if (stream == null) {
			throw new AssertionError("no stream was opened");
		}
		return stream;
	}

	boolean noOtherStream() {
		return this.streams.isEmpty();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.requests.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		String[] parts = path.split("/");
		String orderId = parts[3];
		if (path.endsWith("/updates")) {
			if (this.streamStatus != 200) {
				reply(exchange, this.streamStatus, Map.of("status", this.streamStatus));
				return;
			}
			exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
			exchange.sendResponseHeaders(200, this.fixedLength ? 1_000_000 : 0);
			this.streams.add(new Stream(orderId, exchange));
			return;
		}
		this.reads.incrementAndGet();
		Map<String, Object> view = this.views.get(orderId);
		reply(exchange, (view != null) ? 200 : 404, (view != null) ? view : Map.of("status", 404));
	}

	private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
		byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	static Map<String, Object> view(String orderId, String status) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("orderId", orderId);
		view.put("customerId", "c1");
		view.put("total", 12.5);
		view.put("status", status);
		view.put("rejectionReason", "REJECTED".equals(status) ? "OUT_OF_STOCK" : null);
		return view;
	}

	/** One open stream, as the server sees it. */
	record Stream(String orderId, HttpExchange exchange) {

		/** Writes an event the way Spring's SseEmitter does. */
		void send(String status) throws IOException {
			write("event:order\ndata:" + Json.MAPPER.writeValueAsString(view(this.orderId, status)) + "\n\n");
		}

		void write(String text) throws IOException {
			OutputStream out = this.exchange.getResponseBody();
			out.write(text.getBytes(StandardCharsets.UTF_8));
			out.flush();
		}

		/**
		 * Ends the response as a server does when it completes the stream; one announced
		 * longer than it is ends with the connection closed midway.
		 */
		void end() {
			this.exchange.close();
		}

		/**
		 * Writes keep-alive comments until the client's end of the connection is gone;
		 * answers whether it went within the time.
		 */
		boolean clientHungUpWithin(Duration time) {
			long giveUp = System.nanoTime() + time.toNanos();
			while (System.nanoTime() < giveUp) {
				try {
					write(":\n");
				}
				catch (IOException ex) {
					return true;
				}
				LockSupport.parkNanos(1_000_000L);
			}
			return false;
		}

	}

}
