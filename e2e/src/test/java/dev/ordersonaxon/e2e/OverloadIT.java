package dev.ordersonaxon.e2e;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import dev.ordersonaxon.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Admission control end to end, in seconds: placements offered at a fixed rate well
 * beyond what the saga decides, on a system whose saga times orders out after 6 s and
 * refuses new ones past 300 ms of lag or while 16 orders are being decided (and checks
 * that no more than that ever were). Without admission control most accepted orders would
 * end {@code TIMEOUT}; with it, the excess is refused at once with a 503 that stored
 * nothing, and the accepted orders are decided in time. The figures are printed; only the
 * rules are asserted.
 */
class OverloadIT {

	private static final Duration SAGA_TIMEOUT = Duration.ofSeconds(6);

	private static final int MAX_PENDING_ORDERS = 16;

	/**
	 * Two to three times what the saga decides on a machine like CI's (40 to 60 orders a
	 * second), as the overload of three times the capacity; more than that once
	 * the refusals take their share of its two cores.
	 */
	private static final int OFFERED_PER_SECOND = 120;

	private static final Duration OFFERED_FOR = Duration.ofSeconds(15);

	/**
	 * Tomcat closes the connection after a 503, so a refused client connects anew: a
	 * client of its own, on HTTP/1.1, keeps that from the other tests' connections.
	 */
	private static final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	static TestDatabase database;

	static OrdersSystem system;

	@BeforeAll
	static void startSystem() {
		database = TestDatabase.create("e2e_overload");
		system = OrdersSystem.start("overload", 1, 1, database,
				Map.of("ORDERS_SAGA_TIMEOUT", SAGA_TIMEOUT.toSeconds() + "s", "ORDERS_ADMISSION_MAX_SAGA_LAG", "300ms",
						"ORDERS_ADMISSION_MAX_PENDING_ORDERS", Integer.toString(MAX_PENDING_ORDERS),
						"ORDERS_ADMISSION_CHECK_INTERVAL", "100ms"));
	}

	@AfterAll
	static void stopSystem() {
		if (system != null) {
			system.close();
		}
	}

	@Test
	void refusesTheExcessAtTheDoorAndDecidesWhatItAcceptsInTime() {
		Shop shop = new Shop(system.command(0), system.query(0));
		for (int i = 0; i < 10; i++) {
			shop.createCustomer("over-c" + i, "1000000000.00");
		}
		shop.createProduct("over-p", "1.00", 1_000_000_000);

		Map<String, Answer> answers = offer();

		List<String> accepted = idsAnswered(answers, 202);
		List<String> refused = idsAnswered(answers, 503);
		assertThat(answers.values().stream().map(Answer::status).collect(Collectors.toSet()))
			.as("answers to placements: accepted or refused, nothing else")
			.isSubsetOf(202, 503);
		assertThat(refused)
			.as("placements refused while %d were offered a second for %d s", OFFERED_PER_SECOND,
					OFFERED_FOR.toSeconds())
			.isNotEmpty();
		assertThat(refused).allSatisfy((id) -> {
			Answer refusal = answers.get(id);
			assertThat(refusal.contentType()).as("refusal of %s", id).startsWith("application/problem+json");
			assertThat(refusal.body()).as("refusal of %s", id).contains("/problems/overloaded");
			assertThat(refusal.retryAfter()).as("Retry-After of the refusal of %s", id).isNotBlank();
		});

		EventStoreAudit audit = await().alias("every accepted order final in the event store")
			.atMost(SAGA_TIMEOUT.plusSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> EventStoreAudit.read(database), (events) -> accepted.stream()
				.allMatch((id) -> events.orders().containsKey(id) && events.orders().get(id).isFinal()));
		assertThat(refused).as("refused orders stored all the same").noneMatch((id) -> audit.orders().containsKey(id));
		List<String> timedOut = accepted.stream()
			.filter((id) -> "TIMEOUT".equals(audit.orders().get(id).reason()))
			.toList();
		List<Duration> placeToFinal = accepted.stream()
			.map((id) -> audit.orders().get(id).timeToFinal())
			.sorted()
			.toList();
		System.out.printf(
				"Overload: %d offered over %d s; %d accepted (%.1f/s), %d refused (%.1f/s); "
						+ "%d accepted ended TIMEOUT; place -> final of accepted p50 %d ms, p99 %d ms%n",
				answers.size(), OFFERED_FOR.toSeconds(), accepted.size(),
				accepted.size() / (double) OFFERED_FOR.toSeconds(), refused.size(),
				refused.size() / (double) OFFERED_FOR.toSeconds(), timedOut.size(),
				percentile(placeToFinal, 0.50).toMillis(), percentile(placeToFinal, 0.99).toMillis());
		int mostPending = mostAtOnce(accepted.stream().map(audit.orders()::get).toList());
		System.out.printf("Overload: at most %d accepted orders placed and not yet decided at once (bound %d)%n",
				mostPending, MAX_PENDING_ORDERS);
		assertThat(mostPending).as("orders placed and not yet decided at once, with a bound of %d", MAX_PENDING_ORDERS)
			.isLessThanOrEqualTo(MAX_PENDING_ORDERS);
		assertThat(timedOut.size())
			.as("accepted orders that ended TIMEOUT (at most 1 %% of %d): %s", accepted.size(), timedOut)
			.isLessThanOrEqualTo(accepted.size() / 100);
		assertThat(audit.invariantViolations(Set.of())).as("the design's invariants, on the events").isEmpty();
	}

	/**
	 * Sends placements at their due times whatever the answers, from one thread that
	 * never waits for an answer (an open loop), and collects the answers.
	 */
	private static Map<String, Answer> offer() {
		Map<String, Answer> answers = new ConcurrentHashMap<>();
		List<CompletableFuture<?>> inFlight = new ArrayList<>();
		long intervalNanos = TimeUnit.SECONDS.toNanos(1) / OFFERED_PER_SECOND;
		long start = System.nanoTime();
		int total = (int) (OFFERED_FOR.toSeconds() * OFFERED_PER_SECOND);
		for (int i = 0; i < total; i++) {
			long due = start + i * intervalNanos;
			long wait = due - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			String orderId = "over-o" + i;
			String body = "{\"orderId\":\"" + orderId + "\",\"customerId\":\"over-c" + (i % 10)
					+ "\",\"lines\":[{\"productId\":\"over-p\",\"quantity\":1,\"unitPrice\":1.00}]}";
			HttpRequest request = Http.request(system.command(0).url("/api/orders"))
				.header("Content-Type", "application/json")
				.timeout(Duration.ofSeconds(30))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
			inFlight.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
				.thenAccept((response) -> answers.put(orderId,
						new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
								response.headers().firstValue("Retry-After").orElse(""), response.body()))));
		}
		CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
		return answers;
	}

	private static List<String> idsAnswered(Map<String, Answer> answers, int status) {
		return answers.entrySet()
			.stream()
			.filter((answer) -> answer.getValue().status() == status)
			.map(Map.Entry::getKey)
			.sorted()
			.toList();
	}

	/**
	 * The most orders at one moment between their placement and their decision, by the
	 * times of their events. A node counts an order as being decided from before its
	 * placement is stored until after its saga has ended, so this never exceeds the
	 * bound.
	 */
	private static int mostAtOnce(List<EventStoreAudit.OrderFacts> orders) {
		List<Map.Entry<Instant, Integer>> changes = new ArrayList<>();
		for (EventStoreAudit.OrderFacts order : orders) {
			changes.add(Map.entry(order.placedAt(), 1));
			changes.add(Map.entry(order.endedAt(), -1));
		}
		// at the same instant an order ends before another starts
		changes.sort(Map.Entry.<Instant, Integer>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
		int now = 0;
		int most = 0;
		for (Map.Entry<Instant, Integer> change : changes) {
			now += change.getValue();
			most = Math.max(most, now);
		}
		return most;
	}

	private static Duration percentile(List<Duration> sorted, double share) {
		return sorted.isEmpty() ? Duration.ZERO
				: sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(share * sorted.size()) - 1));
	}

	private record Answer(int status, String contentType, String retryAfter, String body) {

	}

}
