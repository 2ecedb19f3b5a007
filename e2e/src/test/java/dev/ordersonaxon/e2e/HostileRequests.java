package dev.ordersonaxon.e2e;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import dev.ordersonaxon.e2e.HostileRequest.App;
import dev.ordersonaxon.e2e.HostileRequest.Header;
import dev.ordersonaxon.testsupport.TestTokens;

/**
 * Generates malformed and hostile requests for every endpoint of both applications from
 * one {@link Random}, so that a seed gives the same requests again. Each request starts
 * from a valid one and breaks one thing, or sometimes two: a field's type or value, the
 * JSON text itself, the body's size or encoding, a header, an id in the path, the query.
 * <p>
 * Every request carries an operator's bearer token, so that what is tested is how input
 * is handled; about one in twenty has its {@code Authorization} broken instead (none,
 * malformed, expired, signed by a stranger, roles that do not allow it...), which must be
 * refused whatever else the request holds.
 */
final class HostileRequests {

	/** The ids that exist when the run starts, of each kind. */
	record KnownIds(List<String> customers, List<String> products, String price, List<String> openOrders,
			List<String> endedOrders) {

		List<String> orders() {
			List<String> all = new ArrayList<>(this.openOrders);
			all.addAll(this.endedOrders);
			return all;
		}

	}

	/** An id for a path: its percent-encoded text and what the server makes of it. */
	private record PathId(String encoded, String kind, boolean containerRefuses) {

	}

	private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";

	private static final List<String> HOSTILE_NUMBERS = List.of("1e400", "-1e400", "1e-400", "-1", "-0.01", "0", "-0",
			"0.0", "2147483648", "-2147483649", "9223372036854775808", "1000000000000.01", "1000000000001",
			"999999999999.999", "0.001", "1.005", "12.345678901234567890", "1" + "0".repeat(100), "9".repeat(99), "NaN",
			"-NaN", "Infinity", "-Infinity", "0x10", "01", "+1", ".5", "1.", "1e3", "1E+2", "2.5e1", "1000000001",
			"1000001", "3.0", "1e-2", "-", "1_000", "١٢٣");

	private static final List<String> WRONG_TYPES = List.of("\"12\"", "\"\"", "\" 1 \"", "true", "false", "[]", "[1]",
			"{}", "{\"value\":1}", "null", "\"1e400\"", "\"NaN\"", "\"0x10\"", "[[[]]]");

	private static final List<String> HOSTILE_STRINGS = List.of("", "   ", "\t", "a\u0000b", "\u0000", "\u0007bell",
			"line\nbreak", "cr\rhere", "del\u007f", "nel\u0085", "\u009f", "\ud800", "x\udc00y", "lone high \udbff",
			"\udfff\ud800", "\u202eevil", "\ufeffbom", "\ufffe", "a".repeat(201), "a".repeat(10_001),
			"\u00e9".repeat(201), "<script>alert(1)</script>", "'; DROP TABLE event_store.domain_event_entry; --",
			"${jndi:ldap://x/a}", "%s%n%x", "../../etc/passwd", "\\u0000", "\ud83d\ude00 smile");

	private static final List<String> HOSTILE_BODY_IDS = List.of("", " ", "a b", "a/b", "../x", "x".repeat(65),
			"\u00fcn", "a\u0000", "%2e%2e", ".", "..", "a\nb", "\ud800", "id;x=1", "a".repeat(10_001), "*", "?", "#");

	/** Without multipart/form-data, held back: without a boundary it is a 500. */
	private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml",
			"application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
			"application/json; charset=ISO-8859-1", "application/json; charset=nonsense", "application/json;;;", "*/*",
			"application/", "garbage", "application/merge-patch+json", "application/problem+json",
			"application/json; charset=UTF-16", "text/json", "application/json, text/plain");

	private static final List<String> ACCEPTS = List.of("application/xml", "text/html", "garbage", "*/*;q=abc",
			"application/json;q=0", "text/event-stream", "image/png", "application/*", "");

	private static final List<String> IDEMPOTENCY_KEYS = List.of("", " ", "x".repeat(200), "k".repeat(5000), "../../",
			"'; drop table x; --", "\u00e9\u00fc", "\t", "null", "0", "-1", "{\"key\":1}", "%00", "a,b");

	/** Of a hundred requests, how many have their {@code Authorization} broken. */
	private static final int BROKEN_AUTHORIZATION_PERCENT = 5;

	private static final String[] OPERATOR_ROLES = { "viewer", "clerk", "manager", "admin" };

	private final Random random;

	private final KnownIds ids;

	private final List<Endpoint> endpoints = new ArrayList<>();

	private record Endpoint(String label, App app, int weight, Supplier<Draft> generator) {

	}

	HostileRequests(Random random, KnownIds ids) {
		this.random = random;
		this.ids = ids;
		command("POST /api/customers", 8, this::createCustomer);
		command("PUT /api/customers/{id}/credit-limit", 5, this::changeCreditLimit);
		command("POST /api/products", 8, this::createProduct);
		command("POST /api/products/{id}/restock", 5, this::restock);
		command("POST /api/orders", 10, this::placeOrder);
		command("POST /api/orders/{id}/cancel", 4, this::cancel);
		command("GET /api/admin/dead-letters", 1, () -> deadLetterList(App.COMMAND));
		command("POST /api/admin/dead-letters/{group}/{sequence}/retry", 1, () -> deadLetterOne(App.COMMAND, "POST"));
		command("POST /api/admin/dead-letters/retry", 1, () -> deadLetterRetryAll(App.COMMAND));
		command("DELETE /api/admin/dead-letters/{group}/{sequence}", 1, () -> deadLetterOne(App.COMMAND, "DELETE"));
		command("stray method or path", 2, this::stray);
		query("GET /api/customers/{id}", 3, () -> byId("/api/customers/", "customer", ""));
		query("GET /api/customers", 2, () -> list("/api/customers"));
		query("GET /api/products/{id}", 3, () -> byId("/api/products/", "product", ""));
		query("GET /api/products", 2, () -> list("/api/products"));
		query("GET /api/orders/{id}", 3, () -> byId("/api/orders/", "order", ""));
		query("GET /api/orders", 3, () -> list("/api/orders"));
		query("GET /api/orders/{id}/events", 3, () -> byId("/api/orders/", "order", "/events"));
		query("GET /api/orders/{id}/updates", 2, this::updates);
		query("GET /api/admin/projections", 1, this::projections);
		query("POST /api/admin/projections/{name}/replay", 2, this::replay);
		query("GET /api/admin/dead-letters", 1, () -> deadLetterList(App.QUERY));
		query("POST /api/admin/dead-letters/{group}/{sequence}/retry", 1, () -> deadLetterOne(App.QUERY, "POST"));
		query("POST /api/admin/dead-letters/retry", 1, () -> deadLetterRetryAll(App.QUERY));
		query("DELETE /api/admin/dead-letters/{group}/{sequence}", 1, () -> deadLetterOne(App.QUERY, "DELETE"));
		query("stray method or path", 2, this::stray);
	}

	private void command(String label, int weight, Supplier<Draft> generator) {
		this.endpoints.add(new Endpoint(label, App.COMMAND, weight, generator));
	}

	private void query(String label, int weight, Supplier<Draft> generator) {
		this.endpoints.add(new Endpoint(label, App.QUERY, weight, generator));
	}

	List<String> endpointLabels() {
		return this.endpoints.stream().map((endpoint) -> endpoint.app() + " " + endpoint.label()).toList();
	}

	/**
	 * The next request. The first requests go to every endpoint in turn, so that each is
	 * covered however short the run; after that endpoints are drawn by weight.
	 */
	HostileRequest next(int index) {
		Endpoint endpoint = (index < this.endpoints.size()) ? this.endpoints.get(index) : weighted();
		Draft draft = endpoint.generator().get();
		if (chance(BROKEN_AUTHORIZATION_PERCENT)) {
			hostileAuthorization(draft, endpoint.app());
		}
		else {
			draft.header("Authorization", Http.authorization());
		}
		return new HostileRequest(index, endpoint.app(), endpoint.label(), String.join(" + ", draft.mutations),
				draft.method, draft.path, List.copyOf(draft.headers), draft.body, draft.chunked, draft.mustRefuse,
				draft.containerRefuses);
	}

	private Endpoint weighted() {
		int total = this.endpoints.stream().mapToInt(Endpoint::weight).sum();
		int pick = this.random.nextInt(total);
		for (Endpoint endpoint : this.endpoints) {
			pick -= endpoint.weight();
			if (pick < 0) {
				return endpoint;
			}
		}
		throw new IllegalStateException("weights changed");
	}

	// ---- command endpoints: a valid body, then something broken

	private Draft createCustomer() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("customerId", string(freshId("hc")));
		body.put("name", string("Hostile customer"));
		body.put("creditLimit", "100.00");
		return write("POST", "/api/customers", body);
	}

	private Draft changeCreditLimit() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("creditLimit", "250.00");
		return idOrBody("PUT", "/api/customers/", "customer", "/credit-limit", body);
	}

	private Draft createProduct() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("productId", string(freshId("hp")));
		body.put("name", string("Hostile product"));
		body.put("price", "4.20");
		body.put("stock", "10");
		return write("POST", "/api/products", body);
	}

	private Draft restock() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("quantity", "1");
		return idOrBody("POST", "/api/products/", "product", "/restock", body);
	}

	private Draft placeOrder() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("orderId", string(freshId("ho")));
		body.put("customerId", string(pick(this.ids.customers())));
		List<Object> lines = new ArrayList<>();
		lines.add(line(pick(this.ids.products()), "1", this.ids.price()));
		body.put("lines", lines);
		if (chance(15)) {
			return orderLines(body, lines);
		}
		return write("POST", "/api/orders", body);
	}

	private Map<String, Object> line(String productId, String quantity, String unitPrice) {
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("productId", string(productId));
		line.put("quantity", quantity);
		line.put("unitPrice", unitPrice);
		return line;
	}

	/** What only an order's lines can get wrong. */
	private Draft orderLines(Map<String, Object> body, List<Object> lines) {
		Draft draft = new Draft("POST", "/api/orders");
		String product = pick(this.ids.products());
		switch (this.random.nextInt(7)) {
			case 0 -> {
				lines.clear();
				draft.mutations.add("no lines");
			}
			case 1 -> {
				lines.clear();
				for (int i = 0; i < 101; i++) {
					lines.add(line("hp-" + i, "1", "1.00"));
				}
				draft.mutations.add("101 lines");
			}
			case 2 -> {
				lines.add(line(product, "1", this.ids.price()));
				lines.set(0, line(product, "1", this.ids.price()));
				draft.mutations.add("one product twice");
			}
			case 3 -> {
				lines.set(0, line(product, "1000000", "1000000000000.00"));
				draft.mutations.add("total beyond 10^12");
			}
			case 4 -> {
				lines.set(0, line(pick(this.ids.customers()), "1", "1.00"));
				draft.mutations.add("a customer's id as productId");
			}
			case 5 -> {
				body.put("customerId", string(pick(this.ids.products())));
				draft.mutations.add("a product's id as customerId");
			}
			default -> {
				body.put("customerId", string(pick(this.ids.orders())));
				draft.mutations.add("an order's id as customerId");
			}
		}
		draft.json(render(body));
		draft.header("Content-Type", "application/json");
		return draft;
	}

	private Draft cancel() {
		Draft draft = new Draft("POST", "");
		PathId id = pathId("order");
		draft.path = "/api/orders/" + id.encoded() + "/cancel";
		draft.mutations.add("id: " + id.kind());
		draft.mustRefuse = !"existing".equals(id.kind());
		draft.containerRefuses = id.containerRefuses();
		if (chance(40)) {
			// a cancel has no body; send one anyway
			hostileBody(draft, cancelBody());
		}
		if (chance(25)) {
			hostileHeader(draft);
		}
		return draft;
	}

	private Map<String, Object> cancelBody() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("reason", string("changed my mind"));
		return body;
	}

	/**
	 * A write whose path names an aggregate: break the id, or keep it and break the body.
	 */
	private Draft idOrBody(String method, String prefix, String kind, String suffix, Map<String, Object> body) {
		if (chance(40)) {
			PathId id = pathId(kind);
			Draft draft = new Draft(method, prefix + id.encoded() + suffix);
			draft.mutations.add("id: " + id.kind());
			draft.mustRefuse = !"existing".equals(id.kind());
			draft.containerRefuses = id.containerRefuses();
			draft.json(render(body));
			draft.header("Content-Type", "application/json");
			return draft;
		}
		String target = pick("customer".equals(kind) ? this.ids.customers() : this.ids.products());
		return write(method, prefix + target + suffix, body);
	}

	/** A valid JSON write with one or two things broken. */
	private Draft write(String method, String path, Map<String, Object> body) {
		Draft draft = new Draft(method, path);
		int breaks = chance(20) ? 2 : 1;
		boolean headerBroken = false;
		for (int i = 0; i < breaks; i++) {
			int what = this.random.nextInt(100);
			if (what < 45) {
				mutateField(draft, body);
			}
			else if (what < 60) {
				mutateShape(draft, body);
			}
			else if (what < 80 && draft.body == null) {
				hostileBody(draft, body);
			}
			else {
				headerBroken = true;
			}
		}
		if (draft.body == null) {
			draft.json(render(body));
		}
		if (headerBroken) {
			hostileHeader(draft);
		}
		else {
			draft.header("Content-Type", "application/json");
		}
		return draft;
	}

	/** One field gets a value of the wrong type or out of bounds, or goes. */
	private void mutateField(Draft draft, Map<String, Object> body) {
		List<Slot> slots = new ArrayList<>();
		collect(body, "", slots);
		if (slots.isEmpty()) {
			mutateShape(draft, body);
			return;
		}
		Slot slot = slots.get(this.random.nextInt(slots.size()));
		Object current = slot.get();
		boolean number = current instanceof String text && !text.startsWith("\"");
		boolean id = slot.name().endsWith("Id");
		String value;
		String what;
		switch (this.random.nextInt(number ? 4 : (id ? 5 : 4))) {
			case 0 -> {
				slot.remove();
				draft.mutations.add(slot.path() + " missing");
				return;
			}
			case 1 -> {
				value = pick(WRONG_TYPES);
				what = "wrong type";
			}
			case 2 -> {
				value = number ? pick(HOSTILE_NUMBERS) : string(pick(HOSTILE_STRINGS));
				what = number ? "hostile number" : "hostile string";
			}
			case 3 -> {
				value = number ? string(pick(HOSTILE_NUMBERS)) : pick(HOSTILE_NUMBERS);
				what = number ? "number as string" : "number for a string";
			}
			default -> {
				value = chance(50) ? string(pick(HOSTILE_BODY_IDS)) : string(wrongTypeId(slot.name()));
				what = "hostile id";
			}
		}
		slot.set(value);
		draft.mutations.add(slot.path() + " " + what + " " + abbreviate(value));
	}

	/** Fields added, doubled, nulled; the whole body replaced by something else. */
	private void mutateShape(Draft draft, Map<String, Object> body) {
		switch (this.random.nextInt(6)) {
			case 0 -> {
				body.put(pick(List.of("extra", "__proto__", "@class", "constructor", "$where", "status", "total")),
						pick(List.of("1", "\"java.lang.Runtime\"", "{\"polluted\":true}", "\"APPROVED\"", "null")));
				draft.mutations.add("extra field");
			}
			case 1 -> {
				String first = body.isEmpty() ? "name" : body.keySet().iterator().next();
				String rest = render(body).substring(1);
				draft.json("{" + quote(first) + ":" + pick(WRONG_TYPES) + (body.isEmpty() ? "" : ",") + rest);
				draft.mutations.add("duplicate field " + first);
			}
			case 2 -> {
				body.replaceAll((key, value) -> "null");
				draft.mutations.add("every field null");
			}
			case 3 -> {
				body.clear();
				draft.mutations.add("empty object");
			}
			case 4 -> {
				draft.json(pick(List.of("null", "[]", "\"body\"", "42", "true", "[" + render(body) + "]")));
				draft.mutations.add("not an object");
			}
			default -> {
				int depth = pick(List.of(33, 100, 1000, 5000));
				body.put("nested", "[".repeat(depth) + "]".repeat(depth));
				draft.mutations.add("nested " + depth + " deep");
			}
		}
	}

	/** Broken JSON text or bytes, or a body the server must not read whole. */
	private void hostileBody(Draft draft, Map<String, Object> body) {
		String json = render(body);
		switch (this.random.nextInt(10)) {
			case 0 -> {
				draft.json(json.substring(0, this.random.nextInt(json.length())));
				draft.mutations.add("truncated JSON");
			}
			case 1 -> {
				draft.json(json + pick(List.of("}", "]", ",", "garbage", "{}", "\u0000")));
				draft.mutations.add("trailing garbage");
			}
			case 2 -> {
				draft.body = invalidUtf8(json);
				draft.mutations.add("invalid UTF-8 bytes");
			}
			case 3 -> {
				draft.body = json.getBytes(StandardCharsets.UTF_16);
				draft.mutations.add("UTF-16 with a byte order mark");
			}
			case 4 -> {
				draft.body = rawControl(json);
				draft.mutations.add("raw control character in a string");
			}
			case 5 -> {
				draft.json(json.substring(0, json.length() - 1) + ",\"padding\":\"" + "p".repeat(70_000) + "\"}");
				draft.mutations.add("over 64 KB, declared");
			}
			case 6 -> {
				draft.json(json.substring(0, json.length() - 1) + " ".repeat(pick(List.of(70_000, 1_000_000))) + "}");
				draft.chunked = true;
				draft.mutations.add("over 64 KB, chunked");
			}
			case 7 -> {
				int depth = pick(List.of(40, 2000, 40_000));
				draft.json("{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
				draft.mutations.add("objects nested " + depth + " deep");
			}
			case 8 -> {
				draft.json("");
				draft.mutations.add("empty body");
			}
			default -> {
				draft.json(json.replace(":", pick(List.of(":,", "::", "=", ": :"))));
				draft.mutations.add("broken syntax");
			}
		}
	}

	/**
	 * A header a JSON client would not send; on a write a bad {@code Accept} must be
	 * refused before anything changes.
	 */
	private void hostileHeader(Draft draft) {
		int what = this.random.nextInt(4);
		switch (what) {
			case 0 -> {
				String type = chance(20) ? "multipart/form-data" : pick(CONTENT_TYPES);
				draft.header("Content-Type", type);
				draft.mutations.add("Content-Type " + type);
			}
			case 1 -> {
				draft.mutations.add("no Content-Type");
			}
			case 2 -> {
				draft.header("Content-Type", "application/json");
				if (chance(10)) {
					draft.header("Idempotency-Key", "k".repeat(9000));
					draft.containerRefuses = true;
					draft.mutations.add("Idempotency-Key of 9000 characters");
				}
				else {
					String key = pick(IDEMPOTENCY_KEYS);
					draft.header("Idempotency-Key", key);
					if (chance(20)) {
						draft.header("Idempotency-Key", freshId("second"));
					}
					draft.mutations.add("Idempotency-Key " + abbreviate(key));
				}
			}
			default -> {
				String accept = pick(ACCEPTS);
				draft.header("Content-Type", "application/json");
				draft.header("Accept", accept);
				draft.mutations.add("Accept " + accept);
			}
		}
	}

	/**
	 * An {@code Authorization} that must not let the request through, or none: refused
	 * with 401, or 403 for a valid token whose roles allow nothing on this application
	 * (or 400 from the container for a header over its limit). A scheme in lower case is
	 * the only variant that may pass: RFC 9110 makes schemes case-insensitive.
	 */
	private void hostileAuthorization(Draft draft, App app) {
		boolean mustRefuse = true;
		String value;
		String what;
		switch (this.random.nextInt(11)) {
			case 0 -> {
				value = null;
				what = "no Authorization";
			}
			case 1 -> {
				value = "Basic b3BlcmF0b3I6c2VjcmV0";
				what = "Basic credentials";
			}
			case 2 -> {
				value = pick(List.of("Bearer", "Bearer ", "Bearer  " + operatorToken().sign(),
						"Bearer " + operatorToken().sign() + " extra", "Bearer not-a-token", "Bearer a.b.c",
						"Bearer e30.e30.", "Bearer %00", "Token " + operatorToken().sign()));
				what = "malformed";
			}
			case 3 -> {
				value = "Bearer " + operatorToken().unsigned();
				what = "unsigned (alg none)";
			}
			case 4 -> {
				value = "Bearer " + operatorToken().expiresAt(Instant.now().minus(Duration.ofHours(1))).sign();
				what = "expired an hour ago";
			}
			case 5 -> {
				value = "Bearer " + operatorToken().signedByStranger().sign();
				what = "signed by a stranger";
			}
			case 6 -> {
				value = "Bearer " + operatorToken().audience("another-service").sign();
				what = "for another audience";
			}
			case 7 -> {
				value = "Bearer " + operatorToken().subject(null).sign();
				what = "without a subject";
			}
			case 8 -> {
				// a command needs manager, clerk or admin; a read viewer or admin
				value = (app == App.COMMAND) ? TestTokens.bearer("viewer") : TestTokens.bearer("clerk", "manager");
				what = "roles that allow nothing here";
			}
			case 9 -> {
				value = "Bearer " + "x".repeat(9000);
				draft.containerRefuses = true;
				what = "9000 characters";
			}
			default -> {
				value = "bearer " + operatorToken().sign();
				what = "scheme in lower case";
				mustRefuse = false;
			}
		}
		if (value != null) {
			draft.header("Authorization", value);
		}
		draft.mustRefuse |= mustRefuse;
		draft.mutations.add("Authorization: " + what);
	}

	private static TestTokens.Token operatorToken() {
		return TestTokens.withRoles(OPERATOR_ROLES);
	}

	// ---- query endpoints

	private Draft byId(String prefix, String kind, String suffix) {
		PathId id = pathId(kind);
		Draft draft = new Draft("GET", prefix + id.encoded() + suffix + (chance(30) ? "?" + hostileQuery() : ""));
		draft.mutations.add("id: " + id.kind());
		draft.mustRefuse = !"existing".equals(id.kind());
		draft.containerRefuses = id.containerRefuses();
		if (chance(20)) {
			hostileHeader(draft);
		}
		return draft;
	}

	private Draft updates() {
		PathId id;
		if (chance(25)) {
			// an order that has ended: its stream sends the view and ends; an open
			// order's stream stays open by design, so none is followed here
			id = new PathId(pick(this.ids.endedOrders()), "existing", false);
		}
		else {
			id = pathId("order");
			if ("existing".equals(id.kind())) {
				// an open order's stream stays open by design
				id = new PathId(freshId("unknown"), "unknown", false);
			}
		}
		Draft draft = new Draft("GET", "/api/orders/" + id.encoded() + "/updates");
		draft.header("Accept", chance(80) ? "text/event-stream" : pick(ACCEPTS));
		draft.mutations.add("id: " + id.kind());
		draft.mustRefuse = !"existing".equals(id.kind());
		draft.containerRefuses = id.containerRefuses();
		return draft;
	}

	private Draft list(String path) {
		Draft draft = new Draft("GET", path + "?" + hostileQuery());
		draft.mutations.add("query");
		if (chance(15)) {
			hostileHeader(draft);
		}
		return draft;
	}

	private Draft projections() {
		Draft draft = new Draft("GET", "/api/admin/projections" + (chance(50) ? "?" + hostileQuery() : ""));
		draft.mutations.add("query");
		if (chance(30)) {
			hostileHeader(draft);
		}
		return draft;
	}

	private Draft replay() {
		PathId name = pick(List.of(new PathId("nope", "unknown name", false),
				new PathId("customers%00", "NUL after a name", true), new PathId("..%2Fcustomers", "traversal", true),
				new PathId("customers%20", "name and a space", false), new PathId("orders.", "name and a dot", false),
				new PathId("x".repeat(300), "long name", false), new PathId("order-saga", "the saga's group", false),
				new PathId("%E2%80%AEsremotsuc", "right-to-left override", false), new PathId("*", "wildcard", false)));
		Draft draft = new Draft("POST", "/api/admin/projections/" + name.encoded() + "/replay");
		draft.mutations.add("name: " + name.kind());
		draft.mustRefuse = true;
		draft.containerRefuses = name.containerRefuses();
		if (chance(30)) {
			hostileBody(draft, cancelBody());
		}
		return draft;
	}

	// ---- dead-letter admin, on both applications

	private String group(App app) {
		List<String> valid = (app == App.COMMAND) ? List.of("order-saga") : List.of("customers", "products", "orders");
		return chance(40) ? pick(valid) : pick(List.of("nope", "ORDER-SAGA", "order-saga%20", "x".repeat(300),
				"%E2%80%AE", "*", "%25", "order_saga", "customers.", "-"));
	}

	private Draft deadLetterList(App app) {
		Draft draft = new Draft("GET",
				"/api/admin/dead-letters?" + (chance(50) ? "group=" + group(app) + "&" : "") + hostileQuery());
		draft.mutations.add("query");
		return draft;
	}

	private Draft deadLetterOne(App app, String method) {
		PathId sequence = pathId("order");
		String suffix = "POST".equals(method) ? "/retry" : "";
		Draft draft = new Draft(method, "/api/admin/dead-letters/" + group(app) + "/" + sequence.encoded() + suffix);
		draft.mutations.add("sequence: " + sequence.kind());
		// nothing is parked in this run, so every sequence is unknown
		draft.mustRefuse = true;
		draft.containerRefuses = sequence.containerRefuses();
		if (chance(20)) {
			hostileBody(draft, cancelBody());
		}
		return draft;
	}

	private Draft deadLetterRetryAll(App app) {
		List<String> parameters = new ArrayList<>();
		if (chance(70)) {
			parameters.add("group=" + group(app));
		}
		if (chance(30)) {
			parameters.add(hostileQuery());
		}
		Draft draft = new Draft("POST",
				"/api/admin/dead-letters/retry" + (parameters.isEmpty() ? "" : "?" + String.join("&", parameters)));
		draft.mutations.add("query");
		return draft;
	}

	/** A method an endpoint does not take, or a path nobody serves. */
	private Draft stray() {
		String method = pick(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
		String path = pick(List.of("/", "/api", "/api/", "/api/orders/" + pick(this.ids.orders()) + "/approve",
				"/api/customers/" + pick(this.ids.customers()), "/api/products/" + pick(this.ids.products()),
				"/api/orders", "/api/customers", "/api/admin", "/api/admin/projections", "/api/orders//cancel",
				"/api/orders/x/cancel/extra", "/api//customers", "/api/customers/x/credit-limit/", "/.env",
				"/api/orders?page=0", "/api/admin/dead-letters/retry/now"));
		Draft draft = new Draft(method, path);
		draft.mutations.add(method + " " + path);
		if (!"GET".equals(method) && !"OPTIONS".equals(method) && chance(50)) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("name", string("Stray"));
			body.put("creditLimit", "1.00");
			draft.json(render(body));
			draft.header("Content-Type", "application/json");
		}
		return draft;
	}

	// ---- ids and queries

	/**
	 * An id for a path: an existing one of the wanted kind, one of another kind, an
	 * unknown valid one, one outside {@code [A-Za-z0-9._-]{1,64}}, or one the servlet
	 * container refuses before the application sees it.
	 */
	private PathId pathId(String kind) {
		int what = this.random.nextInt(100);
		if (what < 15) {
			return new PathId(pick(existing(kind)), "existing", false);
		}
		if (what < 40) {
			String other = pick(
					List.of("customer", "product", "order").stream().filter((k) -> !k.equals(kind)).toList());
			return new PathId(pick(existing(other)), "another type's (" + other + ")", false);
		}
		if (what < 55) {
			return new PathId(freshId("unknown"), "unknown", false);
		}
		if (what < 85) {
			return pick(List.of(new PathId("a%20b", "with a space", false), new PathId("%C3%BC", "non-ASCII", false),
					new PathId("x".repeat(65), "65 characters", false),
					new PathId("x".repeat(2000), "2000 characters", false), new PathId("%2e%2e", "encoded ..", false),
					new PathId("unknown%3Bx=1", "encoded ;", false),
					new PathId("unknown;x=1", "matrix parameter", false), new PathId("%25", "encoded %", false),
					new PathId("%7B%7D", "braces", false), new PathId("%E2%80%AE", "right-to-left override", false),
					new PathId("%F0%9F%98%80", "emoji", false), new PathId("*", "asterisk", false),
					new PathId("%27%20OR%201%3D1--", "SQL", false), new PathId("null", "null", false),
					new PathId("%09", "tab", false), new PathId("%7F", "DEL", false)));
		}
		return pick(List.of(new PathId("%2F", "encoded /", true),
				new PathId("..%2F..%2Fetc%2Fpasswd", "encoded traversal", true), new PathId("%5C", "encoded \\", true),
				new PathId("a%00b", "encoded NUL", true), new PathId("%C0%AE", "overlong UTF-8", true),
				new PathId("%FF", "invalid UTF-8", true),
				new PathId("x".repeat(9000), "over the request-line limit", true)));
	}

	private List<String> existing(String kind) {
		return switch (kind) {
			case "customer" -> this.ids.customers();
			case "product" -> this.ids.products();
			default -> this.ids.orders();
		};
	}

	/** The id of an aggregate of another type than the field names. */
	private String wrongTypeId(String field) {
		if (field.startsWith("customer")) {
			return pick(chance(50) ? this.ids.products() : this.ids.orders());
		}
		if (field.startsWith("product")) {
			return pick(chance(50) ? this.ids.customers() : this.ids.orders());
		}
		return pick(chance(50) ? this.ids.customers() : this.ids.products());
	}

	/** One to four parameters, paging and filters with values out of range or form. */
	private String hostileQuery() {
		List<String> parameters = new ArrayList<>();
		int count = 1 + this.random.nextInt(4);
		for (int i = 0; i < count; i++) {
			// held back: a parameter without a name ("?=x"), or whose value is not UTF-8
			// ("cursor=%FF%FE"), is a 500 on both applications
			String name = pick(List.of("page", "size", "status", "customerId", "cursor", "after", "from", "limit",
					"sort", "junk", "__proto__", "a%5Bb%5D", "%00", "", "page%20", "page"));
			String value = switch (name) {
				case "page", "size", "limit", "from", "after" ->
					pick(List.of("-1", "0", "101", "1000", "2147483647", "2147483648", "-2147483649",
							"99999999999999999999", "1e3", "1.5", "abc", "", "%00", "0x10", "%20%201", "NaN"));
				case "status" -> pick(List.of("approved", "APPROVED", "PENDING,APPROVED", "", "%00", "x".repeat(300),
						"REJECTED%0A", "cancelled", "%E2%80%AE"));
				case "customerId" -> pick(List.of(pick(this.ids.customers()), pick(this.ids.products()), "a%20b",
						"x".repeat(65), "%C3%BC", "", "..%2F"));
				case "cursor" -> pick(List.of("", "garbage", "eyJwYWdlIjotMX0", "%00", "x".repeat(3000), "-1",
						"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "%FF%FE", "%EF%BF%BD", "null"));
				// kept short: a request line over 8 KB is the container's to refuse
				default -> encode(pick(HOSTILE_STRINGS.stream().filter((text) -> text.length() < 300).toList()));
			};
			parameters.add(name + "=" + value);
		}
		return String.join("&", parameters);
	}

	// ---- JSON by hand, so that anything can be written into it

	/** A field of a body being built, by its path. */
	private record Slot(Map<String, Object> owner, String name, String path) {

		Object get() {
			return this.owner.get(this.name);
		}

		void set(String literal) {
			this.owner.put(this.name, literal);
		}

		void remove() {
			this.owner.remove(this.name);
		}

	}

	@SuppressWarnings("unchecked")
	private static void collect(Map<String, Object> object, String prefix, List<Slot> slots) {
		object.forEach((name, value) -> {
			slots.add(new Slot(object, name, prefix + name));
			if (value instanceof List<?> list) {
				for (int i = 0; i < list.size(); i++) {
					if (list.get(i) instanceof Map<?, ?> element) {
						collect((Map<String, Object>) element, prefix + name + "[" + i + "].", slots);
					}
				}
			}
		});
	}

	/** Values are JSON text already (a String), objects or lists of them. */
	private static String render(Object value) {
		if (value instanceof Map<?, ?> object) {
			StringBuilder out = new StringBuilder("{");
			object.forEach((name, field) -> {
				if (out.length() > 1) {
					out.append(',');
				}
				out.append(quote((String) name)).append(':').append(render(field));
			});
			return out.append('}').toString();
		}
		if (value instanceof List<?> list) {
			return "[" + String.join(",", list.stream().map(HostileRequests::render).toList()) + "]";
		}
		return (String) value;
	}

	private static String string(String text) {
		return quote(text);
	}

	/** A JSON string literal; control characters and lone surrogates as \\u escapes. */
	private static String quote(String text) {
		StringBuilder out = new StringBuilder(text.length() + 2).append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < text.length()
					&& Character.isLowSurrogate(text.charAt(i + 1));
			boolean pairedLow = Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20 || c == 0x7f || (Character.isSurrogate(c) && !pairedHigh && !pairedLow)) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.append('"').toString();
	}

	/** The JSON with bytes that are no UTF-8 at all put into its first string. */
	private byte[] invalidUtf8(String json) {
		byte[] bad = pick(List.of(new byte[] { (byte) 0xff }, new byte[] { (byte) 0xc0, (byte) 0xae },
				new byte[] { (byte) 0xed, (byte) 0xa0, (byte) 0x80 }, new byte[] { (byte) 0xe2, (byte) 0x82 },
				new byte[] { (byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }));
		return insertIntoFirstString(json, bad);
	}

	private byte[] rawControl(String json) {
		return insertIntoFirstString(json, new byte[] { pick(List.of((byte) 0, (byte) 7, (byte) 10, (byte) 27)) });
	}

	private static byte[] insertIntoFirstString(String json, byte[] inserted) {
		int at = json.indexOf(":\"");
		at = (at < 0) ? json.length() / 2 : at + 2;
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
		out.writeBytes(inserted);
		out.writeBytes(json.substring(at).getBytes(StandardCharsets.UTF_8));
		return out.toByteArray();
	}

	// ---- small things

	private String freshId(String prefix) {
		StringBuilder id = new StringBuilder(prefix).append('-');
		for (int i = 0; i < 10; i++) {
			id.append(ID_CHARS.charAt(this.random.nextInt(ID_CHARS.length())));
		}
		return id.toString();
	}

	private boolean chance(int percent) {
		return this.random.nextInt(100) < percent;
	}

	private <T> T pick(List<T> values) {
		return values.get(this.random.nextInt(values.size()));
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private static String abbreviate(String text) {
		return (text.length() <= 40) ? text : text.substring(0, 40) + "…";
	}

	/** A request being built. */
	private static final class Draft {

		private String method;

		private String path;

		private final List<Header> headers = new ArrayList<>();

		private final List<String> mutations = new ArrayList<>();

		private byte[] body;

		private boolean chunked;

		private boolean mustRefuse;

		private boolean containerRefuses;

		Draft(String method, String path) {
			this.method = method;
			this.path = path;
		}

		void json(String text) {
			this.body = text.getBytes(StandardCharsets.UTF_8);
		}

		void header(String name, String value) {
			this.headers.removeIf((header) -> header.name().equals(name) && !"Idempotency-Key".equals(name));
			this.headers.add(new Header(name, value));
		}

	}

}
