package dev.ordersonaxon.e2e;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ordersonaxon.e2e.HostileRequest.App;
import dev.ordersonaxon.testsupport.TestDatabase;

import static dev.ordersonaxon.e2e.Shop.line;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends generated malformed and hostile requests to every endpoint of both applications
 * and holds each answer to what any input must get: never a 5xx, an answer within
 * {@link #ANSWER_WITHIN} (a hang guard, not a timing), a refusal as a problem response,
 * and nothing appended to the event store by a refusal. Requests carry an operator's
 * bearer token, but for the few whose {@code Authorization} is broken on purpose: those
 * must be refused (401 or 403) whatever else they hold. Afterwards a valid order must
 * still be approved.
 *
 * <p>
 * {@code -Dhostile.seed=N} replays a run (the seed is printed at the start, in the
 * summary and in every failure); {@code -Dhostile.requests=N} sets how many requests are
 * sent (default 1,000).
 */
class HostileInputIT {

	static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

	static final int MAX_FAILURES = 25;

	static final String PRICE = "2.50";

	static TestDatabase database;

	static OrdersSystem system;

	static Shop shop;

	static EventStoreWatch eventStore;

	final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@BeforeAll
	static void startSystem() {
		database = TestDatabase.create("e2e_hostile");
		system = OrdersSystem.start("hostile", 1, 1, Map.of("DATABASE_URL", database.jdbcUrl(), "DATABASE_USER",
				database.user(), "DATABASE_PASSWORD", database.password()));
		shop = new Shop(system.command(0), system.query(0));
		eventStore = new EventStoreWatch(database.jdbcUrl(), database.user(), database.password());
	}

	@AfterAll
	static void stopSystem() {
		if (eventStore != null) {
			eventStore.close();
		}
		if (system != null) {
			system.close();
		}
	}

	@Test
	void hostileRequestsAreRefusedCleanlyAndAValidOrderStillGoesThrough() throws IOException {
		long seed = Long.getLong("hostile.seed", new Random().nextLong());
		int count = Integer.getInteger("hostile.requests", 1000);
		System.out
			.println("HostileInputIT: seed " + seed + ", " + count + " requests; replay with -Dhostile.seed=" + seed);

		HostileRequests requests = new HostileRequests(new Random(seed), knownIds());
		eventStore.awaitQuiet();
		Summary summary = new Summary(seed);
		List<String> failures = new ArrayList<>();
		for (int i = 0; i < count && failures.size() < MAX_FAILURES; i++) {
			HostileRequest request = requests.next(i);
			long before = eventStore.events();
			Answer answer = send(request);
			summary.count(request, answer);
			List<String> problems = check(request, answer);
			if (answer.status() >= 400 || request.app() == App.QUERY) {
				long after = eventStore.events();
				if (after != before) {
					problems.add((after - before) + " event(s) appended by a request answered " + answer.status());
				}
			}
			else if (answer.status() == 202) {
				// an order placed or cancelled: let the saga finish, so that the next
				// refusal is counted alone (other writes append nothing afterwards)
				eventStore.awaitQuiet();
			}
			if (!problems.isEmpty()) {
				failures.add(String.join("; ", problems) + "\n" + request.reproducer() + "\n  answer: " + answer);
			}
		}

		String report = summary.render(requests.endpointLabels());
		System.out.println(report);
		Path reportFile = Path.of("target", "e2e-logs", "hostile-report.txt");
		Files.createDirectories(reportFile.getParent());
		Files.writeString(reportFile, report);

		assertThat(failures).as("answers to hostile requests (seed %d; replay with -Dhostile.seed=%d)", seed, seed)
			.isEmpty();
		assertThat(summary.total()).isGreaterThanOrEqualTo(Math.min(count, 1000));
		aValidOrderStillGoesThrough();
	}

	/**
	 * Customers, products and orders that exist, an order of each final state among them.
	 */
	private static HostileRequests.KnownIds knownIds() {
		shop.createCustomer("hostile-rich", "1000000.00");
		shop.createCustomer("hostile-poor", "1.00");
		shop.createProduct("hostile-pen", PRICE, 1_000_000);
		shop.createProduct("hostile-ink", PRICE, 1_000_000);
		shop.placeAccepted("hostile-approved", "hostile-rich", line("hostile-pen", 1, PRICE));
		shop.placeAccepted("hostile-rejected", "hostile-poor", line("hostile-pen", 1, PRICE));
		shop.placeAccepted("hostile-cancelled", "hostile-rich", line("hostile-ink", 1, PRICE));
		shop.awaitOrder("hostile-cancelled", "APPROVED");
		assertThat(shop.cancel("hostile-cancelled").status()).isEqualTo(202);
		shop.awaitOrder("hostile-approved", "APPROVED");
		shop.awaitOrder("hostile-rejected", "REJECTED");
		shop.awaitOrder("hostile-cancelled", "CANCELLED");
		return new HostileRequests.KnownIds(List.of("hostile-rich", "hostile-poor"),
				List.of("hostile-pen", "hostile-ink"), PRICE, List.of("hostile-approved"),
				List.of("hostile-rejected", "hostile-cancelled"));
	}

	private void aValidOrderStillGoesThrough() {
		shop.createCustomer("hostile-after-c", "100.00");
		shop.createProduct("hostile-after-p", "10.00", 5);
		shop.placeAccepted("hostile-after-o", "hostile-after-c", line("hostile-after-p", 2, "10.00"));
		JsonNode order = shop.awaitOrder("hostile-after-o", "APPROVED");
		assertThat(order.path("total").decimalValue()).isEqualByComparingTo("20.00");
	}

	/** What every answer must be, whatever the input. */
	private static List<String> check(HostileRequest request, Answer answer) {
		List<String> problems = new ArrayList<>();
		if (answer.failure() != null) {
			problems.add(answer.failure());
			return problems;
		}
		if (answer.status() >= 500) {
			problems.add("a server error");
		}
		if (request.mustRefuse() && (answer.status() < 400 || answer.status() >= 500)) {
			problems.add("names nothing that exists, yet was not refused");
		}
		// what Tomcat refuses before the application sees it may come without a body (a
		// request line over its limit), but a body it has is a problem too, never HTML
		boolean bodiless = answer.body().isEmpty() && (refusesProblems(request) || request.refusedByContainer());
		if (answer.status() >= 400 && answer.status() < 500 && !bodiless) {
			JsonNode problem = answer.json();
			if (!answer.contentType().startsWith("application/problem+json")) {
				problems.add("a refusal that is not application/problem+json");
			}
			else if (!problem.path("type").isTextual() || !problem.path("title").isTextual()
					|| problem.path("status").asInt() != answer.status()) {
				problems.add("a problem without type, title or its status");
			}
		}
		return problems;
	}

	/**
	 * Whether the request's {@code Accept} leaves out {@code application/problem+json} or
	 * cannot be read; the server may then refuse it without a body.
	 */
	private static boolean refusesProblems(HostileRequest request) {
		return request.headers()
			.stream()
			.filter((header) -> "Accept".equals(header.name()))
			.anyMatch((header) -> !List.of("*/*", "application/*", "application/json", "application/problem+json")
				.contains(header.value()));
	}

	/** An answer, or why there was none. */
	record Answer(int status, String contentType, String body, String failure) {

		JsonNode json() {
			try {
				return Http.parse(this.body);
			}
			catch (RuntimeException ex) {
				return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
			}
		}

		@Override
		public String toString() {
			return (this.failure != null) ? this.failure : this.status + " " + this.contentType + " "
					+ ((this.body.length() > 500) ? this.body.substring(0, 500) + "…" : this.body);
		}

	}

	private Answer send(HostileRequest request) {
		AppProcess app = (request.app() == App.COMMAND) ? system.command(0) : system.query(0);
		HttpRequest.BodyPublisher body = (request.body() == null) ? HttpRequest.BodyPublishers.noBody()
				: request.chunked()
						? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(request.body()))
						: HttpRequest.BodyPublishers.ofByteArray(request.body());
		try {
			HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(app.url(request.path())))
				.timeout(ANSWER_WITHIN)
				.method(request.method(), body);
			request.headers().forEach((header) -> builder.header(header.name(), header.value()));
			HttpResponse<byte[]> response = this.client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
			return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					new String(response.body(), StandardCharsets.UTF_8), null);
		}
		catch (HttpTimeoutException ex) {
			return new Answer(0, "", "", "no answer within " + ANSWER_WITHIN.toSeconds() + " s (a hang)");
		}
		catch (IOException ex) {
			return new Answer(0, "", "", "no answer: " + ex);
		}
		catch (IllegalArgumentException ex) {
			return new Answer(0, "", "", "the client cannot send it (fix the generator): " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Requests per endpoint and the statuses they got, for the README. */
	static final class Summary {

		private final long seed;

		private final long started = System.nanoTime();

		private final Map<String, Map<Integer, Integer>> byEndpoint = new TreeMap<>();

		private final Map<Integer, Integer> statuses = new TreeMap<>();

		private int total;

		Summary(long seed) {
			this.seed = seed;
		}

		void count(HostileRequest request, Answer answer) {
			this.total++;
			this.byEndpoint.computeIfAbsent(request.app() + " " + request.endpoint(), (key) -> new TreeMap<>())
				.merge(answer.status(), 1, Integer::sum);
			this.statuses.merge(answer.status(), 1, Integer::sum);
		}

		int total() {
			return this.total;
		}

		String render(List<String> endpoints) {
			StringBuilder out = new StringBuilder();
			out.append(String.format("Hostile input: %d requests in %.1f s, seed %d%n", this.total,
					(System.nanoTime() - this.started) / 1e9, this.seed));
			out.append(String.format("%-62s %6s  %s%n", "endpoint", "sent", "statuses (0 = no answer)"));
			for (String endpoint : endpoints) {
				Map<Integer, Integer> seen = this.byEndpoint.getOrDefault(endpoint, Map.of());
				out.append(String.format("%-62s %6d  %s%n", endpoint,
						seen.values().stream().mapToInt(Integer::intValue).sum(), statuses(seen)));
			}
			out.append(String.format("%-62s %6d  %s%n", "all", this.total, statuses(this.statuses)));
			return out.toString();
		}

		private static String statuses(Map<Integer, Integer> seen) {
			return seen.entrySet()
				.stream()
				.map((entry) -> entry.getKey() + "×" + entry.getValue())
				.collect(Collectors.joining(" "));
		}

	}

}
