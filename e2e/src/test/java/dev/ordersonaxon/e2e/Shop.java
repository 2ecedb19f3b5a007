package dev.ordersonaxon.e2e;

import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tests' vocabulary: what a client of the system does, through one command node and
 * one query node, in the words of the REST contract.
 */
final class Shop {

	private final AppProcess commands;

	private final AppProcess queries;

	Shop(AppProcess commands, AppProcess queries) {
		this.commands = commands;
		this.queries = queries;
	}

	record Line(String productId, int quantity, String unitPrice) {

		String json() {
			return "{\"productId\":\"" + this.productId + "\",\"quantity\":" + this.quantity + ",\"unitPrice\":"
					+ this.unitPrice + "}";
		}

	}

	static Line line(String productId, int quantity, String unitPrice) {
		return new Line(productId, quantity, unitPrice);
	}

	void createCustomer(String customerId, String creditLimit) {
		Http.Response response = Http.post(this.commands.url("/api/customers"), "{\"customerId\":\"" + customerId
				+ "\",\"name\":\"Customer " + customerId + "\",\"creditLimit\":" + creditLimit + "}");
		assertThat(response.status()).as("create customer %s: %s", customerId, response.body()).isEqualTo(201);
	}

	void createProduct(String productId, String price, int stock) {
		Http.Response response = Http.post(this.commands.url("/api/products"), "{\"productId\":\"" + productId
				+ "\",\"name\":\"Product " + productId + "\",\"price\":" + price + ",\"stock\":" + stock + "}");
		assertThat(response.status()).as("create product %s: %s", productId, response.body()).isEqualTo(201);
	}

	Http.Response place(String orderId, String customerId, Line... lines) {
		return place(this.commands, orderId, customerId, lines);
	}

	static Http.Response place(AppProcess node, String orderId, String customerId, Line... lines) {
		String body = "{\"orderId\":\"" + orderId + "\",\"customerId\":\"" + customerId + "\",\"lines\":["
				+ Arrays.stream(lines).map(Line::json).collect(Collectors.joining(",")) + "]}";
		return Http.post(node.url("/api/orders"), body);
	}

	/**
	 * Places an order as a well-behaved client does: a placement refused for overload
	 * (503 {@code /problems/overloaded}, which stored nothing) is sent again once its
	 * {@code Retry-After} has passed, for up to a minute.
	 */
	static Http.Response placeHonouringRetryAfter(AppProcess node, String orderId, String customerId, Line... lines) {
		long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
		while (true) {
			Http.Response response = place(node, orderId, customerId, lines);
			if (response.status() != 503 || !response.body().path("type").asText().endsWith("/overloaded")
					|| System.nanoTime() > deadline) {
				return response;
			}
			waitAsAsked(response.header("Retry-After"));
		}
	}

	private static void waitAsAsked(String retryAfter) {
		try {
			Thread.sleep(Duration.ofSeconds(Long.parseLong(retryAfter)).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	void placeAccepted(String orderId, String customerId, Line... lines) {
		Http.Response response = placeHonouringRetryAfter(this.commands, orderId, customerId, lines);
		assertThat(response.status()).as("place %s: %s", orderId, response.body()).isEqualTo(202);
	}

	Http.Response cancel(String orderId) {
		return Http.post(this.commands.url("/api/orders/" + orderId + "/cancel"));
	}

	/**
	 * Waits until the query side shows the order in the given status, and returns the
	 * view.
	 */
	JsonNode awaitOrder(String orderId, String status) {
		return awaitView("/api/orders/" + orderId, (view) -> status.equals(view.path("status").asText()));
	}

	JsonNode awaitView(String path, java.util.function.Predicate<JsonNode> condition) {
		JsonNode[] last = new JsonNode[1];
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
			Http.Response response = Http.get(this.queries.url(path));
			last[0] = response.body();
			assertThat(response.status() == 200 && condition.test(response.body()))
				.as("GET %s answered %s %s", path, response.status(), response.body())
				.isTrue();
		});
		return last[0];
	}

	JsonNode customer(String customerId) {
		return Http.get(this.queries.url("/api/customers/" + customerId)).body();
	}

	JsonNode product(String productId) {
		return Http.get(this.queries.url("/api/products/" + productId)).body();
	}

	/** Waits until the customer view shows exactly this much credit reserved. */
	JsonNode awaitCreditReserved(String customerId, String amount) {
		return awaitView("/api/customers/" + customerId,
				(view) -> view.path("creditReserved").decimalValue().compareTo(new BigDecimal(amount)) == 0);
	}

	/**
	 * Waits until the product view shows exactly this much stock reserved and available.
	 */
	JsonNode awaitStock(String productId, int reserved, int available) {
		return awaitView("/api/products/" + productId, (view) -> view.path("stockReserved").asInt() == reserved
				&& view.path("stockAvailable").asInt() == available);
	}

	/**
	 * Waits until every projection has handled every event in the store, so the views
	 * show all consequences of what happened so far (compensations included).
	 */
	void awaitProjectionsCaughtUp() {
		await().alias("all projections caught up with the event store")
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> {
				JsonNode projections = Http.get(this.queries.url("/api/admin/projections")).body();
				if (!projections.isArray() || projections.isEmpty()) {
					return false;
				}
				for (JsonNode projection : projections) {
					if (projection.path("replaying").asBoolean()
							|| projection.path("position").asLong(-1) < projection.path("head").asLong()) {
						return false;
					}
				}
				return true;
			});
	}

	/**
	 * Follows {@code /api/orders/{id}/updates} on this shop's query node, adding each
	 * received view to {@code received}; completes when the server ends the stream.
	 */
	CompletableFuture<Void> followUpdates(String orderId, List<JsonNode> received) {
		HttpRequest request = Http.request(this.queries.url("/api/orders/" + orderId + "/updates"))
			.header("Accept", "text/event-stream")
			.build();
		return Http.client().sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept((response) -> {
			response.body().filter((line) -> line.startsWith("data:")).forEach((line) -> {
				synchronized (received) {
					received.add(Http.parse(line.substring(5).trim()));
				}
			});
		});
	}

	AppProcess commands() {
		return this.commands;
	}

	AppProcess queries() {
		return this.queries;
	}

}
