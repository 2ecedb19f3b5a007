package dev.ordersonaxon.e2e;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Clients that keep placing orders while faults are injected, as a shop's front end
 * would: each client places an order, reads it back from the query side until it is final
 * (for a while at most), and paces itself. Every answer is counted under the phase the
 * test is in at that moment (an answer may also be a refused connection or a timeout); an
 * order counts as accepted only when the command side answered 202.
 */
final class OrderLoad implements AutoCloseable {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration FOLLOW_AT_MOST = Duration.ofSeconds(10);

	private static final Duration FOLLOW_INTERVAL = Duration.ofMillis(250);

	private static final Set<String> FINAL = Set.of("APPROVED", "REJECTED", "CANCELLED");

	private final String prefix;

	private final List<String> customers;

	private final List<Product> products;

	private final String queryUrl;

	private final Duration pace;

	private final List<Thread> clients = new ArrayList<>();

	private final Set<String> accepted = ConcurrentHashMap.newKeySet();

	private final Map<String, Map<String, LongAdder>> answers = new ConcurrentHashMap<>();

	private final AtomicInteger placed = new AtomicInteger();

	private final Map<String, String> unexpected = new ConcurrentHashMap<>();

	private volatile List<String> commandUrls;

	private volatile String phase = "steady";

	private volatile boolean running;

	/** A product the load orders, at its current price. */
	record Product(String id, String price) {

	}

	OrderLoad(String prefix, List<String> customers, List<Product> products, List<String> commandUrls, String queryUrl,
			Duration pace) {
		this.prefix = prefix;
		this.customers = List.copyOf(customers);
		this.products = List.copyOf(products);
		this.commandUrls = List.copyOf(commandUrls);
		this.queryUrl = queryUrl;
		this.pace = pace;
	}

	/** Starts the given number of clients. */
	OrderLoad start(int clientCount) {
		this.running = true;
		for (int client = 0; client < clientCount; client++) {
			int number = client;
			Thread thread = new Thread(() -> placeUntilStopped(number), this.prefix + "-client-" + client);
			thread.setDaemon(true);
			this.clients.add(thread);
			thread.start();
		}
		return this;
	}

	/** Names what is happening now; answers from here on are counted under it. */
	void phase(String phase) {
		this.phase = phase;
	}

	/** The command nodes the clients spread their orders over from now on. */
	void useCommandNodes(List<String> urls) {
		this.commandUrls = List.copyOf(urls);
	}

	int acceptedCount() {
		return this.accepted.size();
	}

	int placedCount() {
		return this.placed.get();
	}

	/** Ids of the orders the command side answered with 202. */
	List<String> acceptedOrders() {
		return List.copyOf(this.accepted);
	}

	/** Per phase, in the order of first use: how often each answer was seen. */
	Map<String, Map<String, Long>> answers() {
		Map<String, Map<String, Long>> copy = new TreeMap<>();
		this.answers.forEach((phase, counts) -> copy.put(phase, counts.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (count) -> count.getValue().sum(), Long::sum, TreeMap::new))));
		return copy;
	}

	/**
	 * For each answer to a POST other than 202, the first such answer's order and body.
	 */
	Map<String, String> unexpectedAnswers() {
		return new TreeMap<>(this.unexpected);
	}

	/** Stops the clients and waits for their last requests to end. */
	@Override
	public void close() {
		this.running = false;
		for (Thread client : this.clients) {
			try {
				client.join(REQUEST_TIMEOUT.multipliedBy(3).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void placeUntilStopped(int client) {
		int sequence = 0;
		while (this.running) {
			long started = System.nanoTime();
			String orderId = this.prefix + "-" + client + "-" + sequence++;
			List<String> urls = this.commandUrls;
			String commandUrl = urls.get((client + sequence) % urls.size());
			this.placed.incrementAndGet();
			String placeAnswer = send(Http.request(commandUrl + "/api/orders")
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(orderJson(orderId))), (status, body) -> {
					if (status != 202) {
						this.unexpected.putIfAbsent("POST /api/orders " + status, orderId + ": " + body);
					}
				});
			count("POST /api/orders", placeAnswer);
			if ("202".equals(placeAnswer)) {
				this.accepted.add(orderId);
				followUntilFinal(orderId);
			}
			// pacing, not synchronisation: each client offers a steady rate
			if (!pause(this.pace.minusNanos(System.nanoTime() - started))) {
				return;
			}
		}
	}

	private static boolean pause(Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			return true;
		}
		try {
			TimeUnit.NANOSECONDS.sleep(duration.toNanos());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Reads the order back until it is final, as a shop's page would, or gives up after a
	 * while: a client has at most one order in flight, so a slow or stalled system is
	 * offered less, not a growing backlog.
	 */
	private void followUntilFinal(String orderId) {
		long giveUp = System.nanoTime() + FOLLOW_AT_MOST.toNanos();
		while (this.running && System.nanoTime() < giveUp) {
			String[] status = { "" };
			String answer = send(Http.request(this.queryUrl + "/api/orders/" + orderId).GET(), (code, body) -> {
				if (code == 200) {
					status[0] = Http.parse(body).path("status").asText();
				}
			});
			count("GET /api/orders/{id}", answer);
			if (FINAL.contains(status[0]) || !pause(FOLLOW_INTERVAL)) {
				return;
			}
		}
	}

	private String orderJson(String orderId) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String customer = this.customers.get(random.nextInt(this.customers.size()));
		List<Product> shuffled = new ArrayList<>(this.products);
		Collections.shuffle(shuffled, random);
		int lineCount = 1 + random.nextInt(Math.min(2, shuffled.size()));
		String lines = shuffled.subList(0, lineCount)
			.stream()
			.map((product) -> "{\"productId\":\"" + product.id() + "\",\"quantity\":" + (1 + random.nextInt(3))
					+ ",\"unitPrice\":" + product.price() + "}")
			.collect(Collectors.joining(","));
		return "{\"orderId\":\"" + orderId + "\",\"customerId\":\"" + customer + "\",\"lines\":[" + lines + "]}";
	}

	private void count(String request, String answer) {
		this.answers.computeIfAbsent(this.phase, (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(request + " " + answer, (key) -> new LongAdder())
			.increment();
	}

	/** The answer's status code, or what kept the request from getting one. */
	private static String send(HttpRequest.Builder request, BiConsumer<Integer, String> onAnswer) {
		try {
			HttpResponse<String> response = Http.client()
				.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
			onAnswer.accept(response.statusCode(), response.body());
			return Integer.toString(response.statusCode());
		}
		catch (HttpConnectTimeoutException ex) {
			return "connect timeout";
		}
		catch (HttpTimeoutException ex) {
			return "timeout";
		}
		catch (ConnectException ex) {
			return "connection refused";
		}
		catch (IOException ex) {
			return "connection failed";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

}
