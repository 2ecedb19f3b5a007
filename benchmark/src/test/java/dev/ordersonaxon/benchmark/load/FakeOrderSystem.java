package dev.ordersonaxon.benchmark.load;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ordersonaxon.benchmark.Json;

/**
 * The REST contract of both APIs in memory, with a saga that decides a few milliseconds
 * after an order is placed. {@code leakOnCancel} makes cancelling an approved order keep
 * its credit, so a test can see the invariant check catch it. Live updates follow the
 * query side's contract (404 for an unknown order, the current view, every change, the
 * end once rejected or cancelled) unless {@link Updates} says otherwise. Placements are
 * accepted unless {@link #refuse} says which to answer 503 and how. As the applications
 * do, it answers 401 to a request that does not carry {@link #TOKEN}, but to a health
 * probe without any token.
 */
final class FakeOrderSystem implements AutoCloseable {

	/** The only bearer token the fake accepts. */
	static final String TOKEN = "fake-token-for-tests";

	private static final Pattern ORDER = Pattern.compile("/api/orders/([^/]+)(/cancel)?");

	private static final Pattern UPDATES = Pattern.compile("/api/orders/([^/]+)/updates");

	private final HttpServer server;

	private final ScheduledExecutorService saga = Executors.newSingleThreadScheduledExecutor();

	private final ExecutorService requests = Executors.newFixedThreadPool(4);

	private final boolean leakOnCancel;

	private final Updates updates;

	private final Map<String, List<HttpExchange>> streams = new LinkedHashMap<>();

	private final Map<String, List<HttpExchange>> customerStreams = new LinkedHashMap<>();

	/** The number of each order's last change: the customer streams' event ids. */
	private final Map<String, Long> changeNumbers = new LinkedHashMap<>();

	private long changes;

	private int customerStreamsOpened;

	private final Map<String, Map<String, Object>> customers = new LinkedHashMap<>();

	private final Map<String, Map<String, Object>> products = new LinkedHashMap<>();

	private final Map<String, Map<String, Object>> orders = new LinkedHashMap<>();

	private long head;

	private Refusing refusing = Refusing.NEVER;

	private int placements;

	FakeOrderSystem(boolean leakOnCancel) throws IOException {
		this(leakOnCancel, Updates.LIVE);
	}

	FakeOrderSystem(boolean leakOnCancel, Updates updates) throws IOException {
		this.leakOnCancel = leakOnCancel;
		this.updates = updates;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(this.requests);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** From now on, answers placements 503 as the mode says. */
	synchronized FakeOrderSystem refuse(Refusing mode) {
		this.refusing = mode;
		return this;
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.saga.shutdownNow();
		this.requests.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try {
			String method = exchange.getRequestMethod();
			String path = exchange.getRequestURI().getPath();
			String query = exchange.getRequestURI().getQuery();
			JsonNode body = "POST".equals(method) ? Json.MAPPER.readTree(exchange.getRequestBody()) : null;
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			// the health probe needs no token, but one that is sent must be valid
			if ((authorization != null || !path.equals("/actuator/health"))
					&& !("Bearer " + TOKEN).equals(authorization)) {
				exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
				send(exchange, 401, Map.of("type", "/problems/unauthorized", "title", "Unauthorized", "status", 401),
						"application/problem+json");
				return;
			}
			if (path.equals("/api/orders/updates") && this.updates != Updates.ABSENT) {
				followCustomer(exchange, query.substring("customerId=".length()),
						exchange.getRequestHeaders().getFirst("Last-Event-ID"));
				return;
			}
			Matcher updates = UPDATES.matcher(path);
			if (updates.matches() && this.updates != Updates.ABSENT) {
				follow(exchange, updates.group(1));
				return;
			}
			synchronized (this) {
				Reply reply = route(method, path, query, body);
				reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
				send(exchange, reply.status(), reply.body(), reply.contentType());
			}
		}
		catch (RuntimeException ex) {
			send(exchange, 500, Map.of("detail", String.valueOf(ex)));
		}
	}

	private Reply route(String method, String path, String query, JsonNode body) {
		if (path.equals("/actuator/health")) {
			return new Reply(200, Map.of("status", "UP"));
		}
		if (path.equals("/api/admin/projections")) {
			return new Reply(200, List.of(Map.of("name", "orders", "position", this.head, "head", this.head)));
		}
		if ("POST".equals(method) && path.equals("/api/customers")) {
			BigDecimal limit = body.path("creditLimit").decimalValue();
			this.customers.put(body.path("customerId").asText(), view("customerId", body.path("customerId").asText(),
					"creditLimit", limit, "creditReserved", BigDecimal.ZERO, "creditAvailable", limit));
			this.head++;
			return new Reply(201, Map.of("customerId", body.path("customerId").asText()));
		}
		if ("POST".equals(method) && path.equals("/api/products")) {
			this.products.put(body.path("productId").asText(),
					view("productId", body.path("productId").asText(), "price", body.path("price").decimalValue(),
							"stockAvailable", body.path("stock").asLong(), "stockReserved", 0L));
			this.head++;
			return new Reply(201, Map.of("productId", body.path("productId").asText()));
		}
		if ("POST".equals(method) && path.endsWith("/restock")) {
			String id = path.split("/")[3];
			Map<String, Object> product = this.products.get(id);
			product.put("stockAvailable", (long) product.get("stockAvailable") + body.path("quantity").asLong());
			this.head++;
			return new Reply(204, null);
		}
		if ("POST".equals(method) && path.equals("/api/orders")) {
			return place(body);
		}
		if (path.equals("/api/orders") && query != null) {
			return list(query);
		}
		Matcher order = ORDER.matcher(path);
		if (order.matches() && order.group(2) != null) {
			return cancel(order.group(1));
		}
		Map<String, Object> found = order.matches() ? this.orders.get(order.group(1))
				: path.startsWith("/api/customers/") ? this.customers.get(path.substring(15))
						: path.startsWith("/api/products/") ? this.products.get(path.substring(14)) : null;
		return (found != null) ? new Reply(200, found) : new Reply(404, Map.of("status", 404));
	}

	private Reply place(JsonNode body) {
		String id = body.path("orderId").asText();
		this.placements++;
		if (this.refusing.refuses(this.placements)) {
			if (this.refusing == Refusing.EVERY_THIRD_BUT_STORED) {
				store(id, body);
			}
			return this.refusing.refusal(this.placements);
		}
		store(id, body);
		return new Reply(202, Map.of("orderId", id, "status", "PENDING"));
	}

	private void store(String id, JsonNode body) {
		List<Map<String, Object>> lines = new ArrayList<>();
		BigDecimal total = BigDecimal.ZERO;
		for (JsonNode line : body.path("lines")) {
			lines.add(view("productId", line.path("productId").asText(), "quantity", line.path("quantity").asInt(),
					"unitPrice", line.path("unitPrice").decimalValue()));
			total = total.add(line.path("unitPrice").decimalValue().multiply(line.path("quantity").decimalValue()));
		}
		this.orders.put(id, view("orderId", id, "customerId", body.path("customerId").asText(), "lines", lines, "total",
				total, "status", "PENDING", "rejectionReason", null));
		this.head++;
		changed(id);
		this.saga.schedule(() -> decide(id), 3, TimeUnit.MILLISECONDS);
	}

	@SuppressWarnings("unchecked")
	private synchronized void decide(String id) {
		Map<String, Object> order = this.orders.get(id);
		if (!"PENDING".equals(order.get("status"))) {
			return;
		}
		Map<String, Object> customer = this.customers.get((String) order.get("customerId"));
		BigDecimal total = (BigDecimal) order.get("total");
		BigDecimal reserved = (BigDecimal) customer.get("creditReserved");
		BigDecimal limit = (BigDecimal) customer.get("creditLimit");
		List<Map<String, Object>> lines = (List<Map<String, Object>>) order.get("lines");
		if (reserved.add(total).compareTo(limit) > 0) {
			order.put("status", "REJECTED");
			order.put("rejectionReason", "CREDIT_LIMIT_EXCEEDED");
			changed(id);
			return;
		}
		for (Map<String, Object> line : lines) {
			if ((long) this.products.get((String) line.get("productId")).get("stockAvailable") < (int) line
				.get("quantity")) {
				order.put("status", "REJECTED");
				order.put("rejectionReason", "OUT_OF_STOCK");
				changed(id);
				return;
			}
		}
		hold(customer, total, lines, 1);
		order.put("status", "APPROVED");
		this.head += 3 + lines.size();
		changed(id);
	}

	@SuppressWarnings("unchecked")
	private Reply cancel(String id) {
		Map<String, Object> order = this.orders.get(id);
		String status = (String) order.get("status");
		if ("REJECTED".equals(status) || "CANCELLED".equals(status)) {
			return new Reply(409, Map.of("status", 409));
		}
		if ("APPROVED".equals(status) && !this.leakOnCancel) {
			hold(this.customers.get((String) order.get("customerId")), (BigDecimal) order.get("total"),
					(List<Map<String, Object>>) order.get("lines"), -1);
		}
		order.put("status", "CANCELLED");
		this.head++;
		changed(id);
		return new Reply(202, Map.of("orderId", id, "status", "CANCELLED"));
	}

	/**
	 * Opens an order's stream: the headers and the current view now, the changes from the
	 * saga's and the cancel's threads; the handler returns at once.
	 */
	private synchronized void follow(HttpExchange exchange, String id) throws IOException {
		Map<String, Object> order = this.orders.get(id);
		if (order == null) {
			send(exchange, 404, Map.of("status", 404));
			return;
		}
		exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
		exchange.sendResponseHeaders(200, 0);
		this.streams.computeIfAbsent(id, (key) -> new ArrayList<>()).add(exchange);
		changed(id);
		if (this.updates == Updates.FIRST_VIEW_ONLY) {
			this.streams.remove(id);
			exchange.close();
		}
	}

	/**
	 * Opens a customer's stream: its pending orders, or with an id the orders changed
	 * after it, then every change of any of its orders.
	 */
	private synchronized void followCustomer(HttpExchange exchange, String customerId, String lastEventId)
			throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
		exchange.sendResponseHeaders(200, 0);
		this.customerStreamsOpened++;
		long after = (lastEventId != null) ? Long.parseLong(lastEventId) : -1;
		for (Map<String, Object> order : this.orders.values()) {
			String id = (String) order.get("orderId");
			boolean wanted = (after < 0) ? "PENDING".equals(order.get("status"))
					: this.changeNumbers.getOrDefault(id, 0L) > after;
			if (order.get("customerId").equals(customerId) && wanted && !write(exchange, order, id)) {
				return;
			}
		}
		this.customerStreams.computeIfAbsent(customerId, (key) -> new ArrayList<>()).add(exchange);
	}

	/** Customer streams opened, reopenings included. */
	synchronized int customerStreamsOpened() {
		return this.customerStreamsOpened;
	}

	private boolean write(HttpExchange exchange, Map<String, Object> order, String id) {
		try {
			OutputStream out = exchange.getResponseBody();
			out.write(("id:" + this.changeNumbers.getOrDefault(id, 0L) + "\nevent:order\ndata:"
					+ Json.MAPPER.writeValueAsString(order) + "\n\n")
				.getBytes(StandardCharsets.UTF_8));
			out.flush();
			return true;
		}
		catch (IOException ex) {
			exchange.close();
			return false;
		}
	}

	/**
	 * Sends the order's view to its streams and its customer's, and ends the order's once
	 * it is final; with {@link Updates#FIRST_VIEW_ONLY} a customer's stream ends after
	 * each change it sent.
	 */
	private void changed(String id) {
		this.changeNumbers.put(id, ++this.changes);
		Map<String, Object> changed = this.orders.get(id);
		List<HttpExchange> followers = this.customerStreams.get((String) changed.get("customerId"));
		if (followers != null) {
			for (HttpExchange exchange : List.copyOf(followers)) {
				if (!write(exchange, changed, id) || this.updates == Updates.FIRST_VIEW_ONLY) {
					followers.remove(exchange);
					exchange.close();
				}
			}
		}
		List<HttpExchange> open = this.streams.get(id);
		if (open == null) {
			return;
		}
		Map<String, Object> order = this.orders.get(id);
		boolean last = "REJECTED".equals(order.get("status")) || "CANCELLED".equals(order.get("status"));
		for (HttpExchange exchange : List.copyOf(open)) {
			boolean gone = false;
			try {
				OutputStream out = exchange.getResponseBody();
				out.write(("event:order\ndata:" + Json.MAPPER.writeValueAsString(order) + "\n\n")
					.getBytes(StandardCharsets.UTF_8));
				out.flush();
			}
			catch (IOException ex) {
				// the client went away
				gone = true;
			}
			if (last || gone) {
				open.remove(exchange);
				exchange.close();
			}
		}
		if (last || open.isEmpty()) {
			this.streams.remove(id);
		}
	}

	private void hold(Map<String, Object> customer, BigDecimal total, List<Map<String, Object>> lines, int sign) {
		BigDecimal reserved = ((BigDecimal) customer.get("creditReserved"))
			.add(total.multiply(BigDecimal.valueOf(sign)));
		customer.put("creditReserved", reserved);
		customer.put("creditAvailable", ((BigDecimal) customer.get("creditLimit")).subtract(reserved));
		for (Map<String, Object> line : lines) {
			Map<String, Object> product = this.products.get((String) line.get("productId"));
			long quantity = sign * (long) (int) line.get("quantity");
			product.put("stockAvailable", (long) product.get("stockAvailable") - quantity);
			product.put("stockReserved", (long) product.get("stockReserved") + quantity);
		}
	}

	private Reply list(String query) {
		Map<String, String> parameters = new LinkedHashMap<>();
		for (String pair : query.split("&")) {
			String[] parts = pair.split("=", 2);
			parameters.put(parts[0], parts[1]);
		}
		List<Map<String, Object>> matching = this.orders.values()
			.stream()
			.filter((o) -> o.get("customerId").equals(parameters.get("customerId")))
			.toList();
		// the fake's cursor is the offset of the next page
		int size = Integer.parseInt(parameters.get("size"));
		int from = parameters.containsKey("cursor") ? Integer.parseInt(parameters.get("cursor"))
				: Integer.parseInt(parameters.getOrDefault("page", "0")) * size;
		int to = Math.min(from + size, matching.size());
		List<Map<String, Object>> content = matching.subList(Math.min(from, matching.size()), to);
		return new Reply(200,
				view("content", content, "page", from / size, "size", size, "totalElements", matching.size(),
						"totalPages", (matching.size() + size - 1) / size, "next",
						(to < matching.size()) ? Integer.toString(to) : null));
	}

	private static Map<String, Object> view(Object... keysAndValues) {
		Map<String, Object> view = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			view.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return view;
	}

	private static void send(HttpExchange exchange, int status, Object body) throws IOException {
		send(exchange, status, body, "application/json");
	}

	private static void send(HttpExchange exchange, int status, Object body, String contentType) throws IOException {
		byte[] bytes = (body != null) ? Json.MAPPER.writeValueAsBytes(body) : new byte[0];
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, (bytes.length > 0) ? bytes.length : -1);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
		exchange.close();
	}

	private record Reply(int status, Object body, String contentType, Map<String, String> headers) {

		Reply(int status, Object body) {
			this(status, body, "application/json", Map.of());
		}

	}

	/** Which placements the fake answers 503, and what the answer carries. */
	enum Refusing {

		/** Every placement is accepted. */
		NEVER,

		/** Every third placement: overloaded, as the admission control answers. */
		EVERY_THIRD,

		/** Every placement: overloaded, as the admission control answers. */
		ALWAYS,

		/**
		 * Every third placement: overloaded, but every other of those without Retry-After
		 * and as plain JSON.
		 */
		EVERY_THIRD_SOME_WITHOUT_RETRY_AFTER,

		/** Every third placement: overloaded, yet the order is stored all the same. */
		EVERY_THIRD_BUT_STORED,

		/**
		 * Every third placement: alternately overloaded and the database away; neither
		 * stores anything.
		 */
		EVERY_THIRD_OVERLOADED_OR_UNAVAILABLE;

		boolean refuses(int placement) {
			return switch (this) {
				case NEVER -> false;
				case ALWAYS -> true;
				default -> placement % 3 == 0;
			};
		}

		Reply refusal(int placement) {
			boolean odd = (placement / 3) % 2 == 1;
			if (this == EVERY_THIRD_SOME_WITHOUT_RETRY_AFTER && odd) {
				return new Reply(503, problem("overloaded"), "application/json", Map.of());
			}
			String type = (this == EVERY_THIRD_OVERLOADED_OR_UNAVAILABLE && odd) ? "unavailable" : "overloaded";
			// Tomcat closes the connection after a 503, so the next placement needs a new
			// one
			return new Reply(503, problem(type), "application/problem+json",
					Map.of("Retry-After", "1", "Connection", "close"));
		}

		private static Map<String, Object> problem(String slug) {
			return Map.of("type", "/problems/" + slug, "title", "Refused", "status", 503, "detail",
					"Too far behind; nothing was stored.");
		}

	}

	/** How the fake serves {@code GET /api/orders/{id}/updates}. */
	enum Updates {

		/** As the query side does. */
		LIVE,

		/**
		 * The current view, then the stream ends; a customer's stream ends after its
		 * first change.
		 */
		FIRST_VIEW_ONLY,

		/** No such endpoint: 404. */
		ABSENT

	}

}
