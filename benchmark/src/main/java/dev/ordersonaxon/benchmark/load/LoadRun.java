package dev.ordersonaxon.benchmark.load;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersonaxon.benchmark.Arguments;
import dev.ordersonaxon.benchmark.BearerToken;
import dev.ordersonaxon.benchmark.HttpJson;
import dev.ordersonaxon.benchmark.HttpJson.Response;
import dev.ordersonaxon.benchmark.Json;
import dev.ordersonaxon.benchmark.LocalProcess;
import dev.ordersonaxon.benchmark.load.Catalog.Customer;
import dev.ordersonaxon.benchmark.load.Catalog.Product;
import dev.ordersonaxon.benchmark.load.RefusalTally.Lookup;
import dev.ordersonaxon.benchmark.load.Views.CustomerView;
import dev.ordersonaxon.benchmark.load.Views.OrderView;
import dev.ordersonaxon.benchmark.load.Views.ProductView;
import dev.ordersonaxon.benchmark.report.LatencyRecorder;
import dev.ordersonaxon.benchmark.report.LatencySummary;
import dev.ordersonaxon.benchmark.report.LoadResult;

/**
 * Places orders against the running system, follows each to its final state through the
 * query API, and checks the invariants once everything has settled.
 * <p>
 * In open loop an order's latencies count from the moment it was due, not from when it
 * was sent, so a stalled system cannot hide its backlog (coordinated omission).
 */
public final class LoadRun {

	private static final long SECOND = 1_000_000_000L;

	/**
	 * How long an order's stream may go without the awaited state before the order is
	 * polled instead. Longer than the saga's default timeout (30 s), by which every order
	 * is final: a slow order is not a broken stream, and polling it would add load to a
	 * system that is already behind.
	 */
	public static final Duration STREAM_SILENCE = Duration.ofSeconds(40);

	private static final int RESTOCK_EVERY = 200;

	private static final int RESTOCK_QUANTITY = 10;

	private static final int PAGE_SIZE = 100;

	/** Refused orders looked up at once at the end of a run. */
	private static final int LOOKUPS_AT_ONCE = 16;

	private final LoadSettings settings;

	private final PrintStream out;

	private final ExecutorService httpExecutor = Executors.newFixedThreadPool(4, daemon("http"));

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemon("poll"));

	/**
	 * Samples the head apart from the polls: a slow admin endpoint must not delay them.
	 */
	private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(daemon("sample"));

	private final HttpJson http;

	private final Random random;

	private final String prefix;

	private final Map<String, Long> stockReceived = new ConcurrentHashMap<>();

	private final AtomicInteger sent = new AtomicInteger();

	private final AtomicInteger finished = new AtomicInteger();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger requestErrors = new AtomicInteger();

	private final AtomicInteger refused = new AtomicInteger();

	private final AtomicLong queryReads = new AtomicLong();

	private final OrderPoller poller;

	private final OrderStreams streams;

	private final CustomerStreams customerStreams;

	private final DoubleAccumulator commandRss = new DoubleAccumulator(Math::max, 0);

	private final DoubleAccumulator queryRss = new DoubleAccumulator(Math::max, 0);

	private final List<Outcome> outcomes = new ArrayList<>();

	private Catalog catalog;

	private int planned;

	private long origin;

	private long windowStart;

	private long windowEnd;

	private LatencyRecorder progressRecorder;

	private LatencyRecorder senderLag;

	private LoadRun(LoadSettings settings, String prefix, PrintStream out) {
		this.settings = settings;
		this.out = out;
		this.random = new Random(settings.seed());
		this.prefix = prefix;
		this.http = new HttpJson(this.httpExecutor, settings.token());
		this.poller = new OrderPoller(this.http, this.scheduler, settings.queryUrl(), settings.pollInterval(),
				settings.finalTimeout(), this.queryReads);
		this.streams = new OrderStreams(this.http, this.scheduler, this.poller, settings.queryUrl(),
				(settings.finalTimeout().compareTo(STREAM_SILENCE) < 0) ? settings.finalTimeout() : STREAM_SILENCE,
				this.queryReads);
		this.customerStreams = new CustomerStreams(this.http, this.scheduler, this.poller, settings.queryUrl(),
				(settings.finalTimeout().compareTo(STREAM_SILENCE) < 0) ? settings.finalTimeout() : STREAM_SILENCE,
				this.queryReads);
	}

	public static LoadResult run(Arguments args, PrintStream out) throws InterruptedException {
		return run(LoadSettings.from(args), newRunId(), out);
	}

	/**
	 * The prefix of a run's ids: {@code bench-} and the time in base 36, so that runs
	 * never share state.
	 */
	static String newRunId() {
		return "bench-" + Long.toString(System.currentTimeMillis(), 36);
	}

	/**
	 * @param prefix of the ids of every customer, product and order the run creates
	 */
	static LoadResult run(LoadSettings settings, String prefix, PrintStream out) throws InterruptedException {
		BearerToken.require(settings.token(), "a load run");
		LoadRun run = new LoadRun(settings, prefix, out);
		try {
			return run.execute();
		}
		finally {
			run.customerStreams.close();
			run.scheduler.shutdownNow();
			run.sampler.shutdownNow();
			run.httpExecutor.shutdownNow();
		}
	}

	private LoadResult execute() throws InterruptedException {
		requireUp(this.settings.commandUrl());
		requireUp(this.settings.queryUrl());
		this.catalog = Catalog.plan(this.prefix, this.settings.customers(), this.settings.products(), this.random);
		createCatalog();
		if (this.settings.observe() == Observation.PER_CUSTOMER) {
			openCustomerStreams();
		}

		// finding the processes reads every process's open files: before the clock starts
		CostMeter costs = CostMeter.find(this.settings);
		this.origin = System.nanoTime() + 100_000_000L;
		this.windowStart = this.origin + this.settings.warmup().toNanos();
		this.windowEnd = this.windowStart + this.settings.duration().toNanos();
		this.progressRecorder = new LatencyRecorder(this.origin);
		this.senderLag = new LatencyRecorder(this.origin);
		AtomicLong headAtStart = new AtomicLong(-1);
		AtomicLong headAtEnd = new AtomicLong(-1);
		AtomicReference<CostMeter.Sample> costsAtStart = new AtomicReference<>();
		AtomicReference<CostMeter.Sample> costsAtEnd = new AtomicReference<>();
		// the cost samples first, right at the window's edges
		this.sampler.schedule(() -> {
			costsAtStart.set(costs.sample());
			headAtStart.set(eventStoreHead());
		}, this.windowStart - System.nanoTime(), TimeUnit.NANOSECONDS);
		this.sampler.schedule(() -> {
			costsAtEnd.set(costs.sample());
			headAtEnd.set(eventStoreHead());
		}, this.windowEnd - System.nanoTime(), TimeUnit.NANOSECONDS);
		Optional<Long> commandPid = LocalProcess.listeningOn(this.settings.commandUrl());
		Optional<Long> queryPid = LocalProcess.listeningOn(this.settings.queryUrl());
		this.sampler.scheduleAtFixedRate(() -> {
			commandPid.ifPresent((pid) -> this.commandRss.accumulate(LocalProcess.residentMb(pid)));
			queryPid.ifPresent((pid) -> this.queryRss.accumulate(LocalProcess.residentMb(pid)));
		}, 0, 1, TimeUnit.SECONDS);
		ScheduledFuture<?> progress = this.scheduler.scheduleAtFixedRate(this::printProgress,
				this.origin + SECOND - System.nanoTime(), SECOND, TimeUnit.NANOSECONDS);

		this.out.printf(Locale.ROOT,
				"placing orders: %s, %.1f s warm-up, %.1f s measured, final states seen by %s; run %s%n",
				this.settings.closedLoop() ? this.settings.concurrency() + " in flight (closed loop)"
						: String.format(Locale.ROOT, "%.1f orders/s (open loop)", this.settings.rate()),
				this.settings.warmup().toMillis() / 1000.0, this.settings.duration().toMillis() / 1000.0,
				switch (this.settings.observe()) {
					case PER_CUSTOMER -> "a server-sent-event stream per customer";
					case PER_ORDER -> "a server-sent-event stream per order";
					case POLL -> "polling";
				}, this.prefix);
		if (this.settings.idempotencyKeys()) {
			this.out.println("every placement carries an Idempotency-Key");
		}
		if (this.settings.closedLoop()) {
			runClosedLoop();
		}
		else {
			runOpenLoop();
		}
		awaitInFlight();
		progress.cancel(false);
		printProgress();
		long reads = this.queryReads.get();
		double readSeconds = (System.nanoTime() - this.origin) / (double) SECOND;

		this.out.println("load stopped; waiting for the invariants to settle...");
		List<String> violations = settledInvariants();
		RefusalTally refusals = tallyRefusals();
		Lookup lookup = lookUp(refusals.toCheck());
		LoadResult result = result(headAtStart.get(), headAtEnd.get(), reads / readSeconds, violations, refusals,
				lookup, costs, costsAtStart.get(), costsAtEnd.get());
		costs.close();
		return result;
	}

	/**
	 * Opens a stream for every customer of the run before any order is placed; a customer
	 * whose stream is refused has its orders polled (counted as fallbacks).
	 */
	private void openCustomerStreams() {
		List<String> refused = this.customerStreams
			.open(this.catalog.customers().stream().map(Customer::customerId).toList());
		this.out.printf("opened %d customer streams%s%n", this.catalog.customers().size() - refused.size(),
				refused.isEmpty() ? ""
						: "; " + refused.size() + " refused, their orders are polled (first: " + refused.get(0) + ")");
	}

	private void runOpenLoop() {
		long period = Math.max(1, (long) (SECOND / this.settings.rate()));
		for (long i = 0;; i++) {
			long due = this.origin + i * period;
			if (due >= this.windowEnd) {
				return;
			}
			long wait = due - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			if (due >= this.windowStart) {
				this.senderLag.record(due, Math.max(0, System.nanoTime() - due));
			}
			launch(nextOrder((int) i), due);
			if (i % RESTOCK_EVERY == RESTOCK_EVERY - 1) {
				restock();
			}
		}
	}

	private void runClosedLoop() throws InterruptedException {
		CountDownLatch done = new CountDownLatch(this.settings.concurrency());
		// parkNanos may return early (a permit left by an earlier join); the first orders
		// count from now, so they must not start before the origin
		for (long wait = this.origin - System.nanoTime(); wait > 0; wait = this.origin - System.nanoTime()) {
			LockSupport.parkNanos(wait);
		}
		for (int user = 0; user < this.settings.concurrency(); user++) {
			nextInLoop(done);
		}
		done.await();
	}

	private void nextInLoop(CountDownLatch done) {
		long now = System.nanoTime();
		if (now >= this.windowEnd) {
			done.countDown();
			return;
		}
		PlannedOrder order;
		synchronized (this.random) {
			int number = this.planned++;
			order = nextOrder(number);
			if (number % RESTOCK_EVERY == RESTOCK_EVERY - 1) {
				restock();
			}
		}
		launch(order, now).whenComplete((outcome, error) -> {
			if (outcome != null && outcome.refusal() != null) {
				// a refused user waits as asked before its next order, instead of
				// hammering a system that said it is overloaded
				long backoff = Math.min(outcome.refusal().backoff().toNanos(),
						Math.max(0, this.windowEnd - System.nanoTime()));
				this.scheduler.schedule(() -> nextInLoop(done), backoff, TimeUnit.NANOSECONDS);
			}
			else {
				nextInLoop(done);
			}
		});
	}

	private PlannedOrder nextOrder(int number) {
		OrderKind kind = this.settings.mix().next(this.random);
		return PlannedOrder.plan(this.prefix + "-o" + number, kind, this.catalog, this.random);
	}

	private void restock() {
		Product product = this.catalog.stocked().get(this.random.nextInt(this.catalog.stocked().size()));
		this.http
			.postAsync(this.settings.commandUrl() + "/api/products/" + product.productId() + "/restock",
					Map.of("quantity", RESTOCK_QUANTITY))
			.whenComplete((response, error) -> {
				if (error == null && response.isSuccess()) {
					this.stockReceived.merge(product.productId(), (long) RESTOCK_QUANTITY, Long::sum);
				}
				else {
					this.requestErrors.incrementAndGet();
				}
			});
	}

	private CompletableFuture<Outcome> launch(PlannedOrder order, long due) {
		this.sent.incrementAndGet();
		this.inFlight.incrementAndGet();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("orderId", order.orderId());
		body.put("customerId", order.customerId());
		body.put("lines", order.lines());
		String url = this.settings.commandUrl() + "/api/orders";
		CompletableFuture<Response> placed = this.settings.idempotencyKeys()
				? this.http.postAsync(url, body, "Idempotency-Key", "place-" + order.orderId())
				: this.http.postAsync(url, body);
		return placed.thenCompose((response) -> afterPlaced(order, due, System.nanoTime(), response))
			.exceptionally((error) -> Outcome.failed(order, due, 0, false, failureOf(error)))
			.thenApply(this::complete);
	}

	/**
	 * What a request that got no answer failed with, as the innermost cause's type (a
	 * client timeout, a refused or reset connection): few enough kinds to count by.
	 */
	private static String failureOf(Throwable error) {
		Throwable cause = error;
		for (int depth = 0; depth < 32 && cause.getCause() != null && cause.getCause() != cause; depth++) {
			cause = cause.getCause();
		}
		return cause.getClass().getSimpleName();
	}

	private CompletableFuture<Outcome> afterPlaced(PlannedOrder order, long due, long placedAt, Response response) {
		long placeLatency = placedAt - due;
		if (Refusal.isRefusal(response)) {
			return CompletableFuture.completedFuture(Outcome.refused(order, due, placeLatency, Refusal.of(response)));
		}
		if (response.status() != 202) {
			return CompletableFuture.completedFuture(
					Outcome.failed(order, due, placeLatency, false, "place answered " + response.status()));
		}
		OrderWatch watch = switch (this.settings.observe()) {
			case PER_CUSTOMER -> this.customerStreams.follow(order.orderId(), order.customerId());
			case PER_ORDER -> this.streams.follow(order.orderId());
			case POLL -> this.poller.watch(order.orderId());
		};
		Predicate<OrderView> decided = (view) -> !"PENDING".equals(view.status());
		Predicate<OrderView> cancelled = (view) -> "CANCELLED".equals(view.status())
				|| "REJECTED".equals(view.status());
		CompletableFuture<Outcome> outcome = switch (order.kind()) {
			case CANCEL_PENDING -> cancelThenAwait(watch, order, due, placeLatency, cancelled);
			case CANCEL_APPROVED -> watch.until(decided).thenCompose((seen) -> {
				if (seen == null || !"APPROVED".equals(seen.view().status())) {
					return CompletableFuture.completedFuture(Outcome.seen(order, due, placeLatency, due, seen, watch));
				}
				return cancelThenAwait(watch, order, due, placeLatency, cancelled);
			});
			default ->
				watch.until(decided).thenApply((seen) -> Outcome.seen(order, due, placeLatency, due, seen, watch));
		};
		return outcome.whenComplete((result, error) -> watch.close());
	}

	private CompletableFuture<Outcome> cancelThenAwait(OrderWatch watch, PlannedOrder order, long due,
			long placeLatency, Predicate<OrderView> cancelled) {
		long cancelAt = System.nanoTime();
		return this.http.postAsync(this.settings.commandUrl() + "/api/orders/" + order.orderId() + "/cancel", null)
			.thenCompose((response) -> {
				if (response.status() != 202) {
					return CompletableFuture.completedFuture(
							Outcome.failed(order, due, placeLatency, true, "cancel answered " + response.status()));
				}
				return watch.until(cancelled)
					.thenApply((seen) -> Outcome.seen(order, due, placeLatency, cancelAt, seen, watch));
			});
	}

	private Outcome complete(Outcome outcome) {
		synchronized (this.outcomes) {
			this.outcomes.add(outcome);
		}
		if (outcome.decidedBySaga()) {
			this.progressRecorder.record(outcome.due(), outcome.finalLatency());
		}
		if (outcome.error() != null) {
			this.requestErrors.incrementAndGet();
		}
		if (outcome.refusal() != null) {
			this.refused.incrementAndGet();
		}
		this.finished.incrementAndGet();
		this.inFlight.decrementAndGet();
		return outcome;
	}

	private void awaitInFlight() {
		long giveUp = System.nanoTime() + this.settings.finalTimeout().toNanos() + 5 * SECOND;
		while (this.inFlight.get() > 0 && System.nanoTime() < giveUp) {
			LockSupport.parkNanos(10_000_000L);
		}
	}

	private void printProgress() {
		long now = System.nanoTime();
		LatencySummary recent = this.progressRecorder.endedBetween(now - SECOND, now);
		this.out.printf(
				"t=%3ds sent=%d completed=%d in-flight=%d refused=%d errors=%d p99(last 1 s, place->final)=%.1f ms%n",
				(now - this.origin) / SECOND, this.sent.get(), this.finished.get(), this.inFlight.get(),
				this.refused.get(), this.requestErrors.get(), recent.p99Ms());
	}

	private List<Outcome> outcomes() {
		synchronized (this.outcomes) {
			return List.copyOf(this.outcomes);
		}
	}

	private RefusalTally tallyRefusals() {
		RefusalTally tally = new RefusalTally();
		for (Outcome outcome : outcomes()) {
			if (outcome.refusal() != null) {
				tally.add(outcome.order().orderId(), outcome.refusal(), outcome.due() >= this.windowStart,
						outcome.placeLatency());
			}
		}
		return tally;
	}

	private LoadResult result(long headAtStart, long headAtEnd, double queryReadsPerSecond, List<String> violations,
			RefusalTally refusals, Lookup lookup, CostMeter costs, CostMeter.Sample costsAtStart,
			CostMeter.Sample costsAtEnd) {
		List<Outcome> all = outcomes();
		double seconds = this.settings.duration().toNanos() / (double) SECOND;
		LatencyRecorder place = new LatencyRecorder(this.origin);
		LatencyRecorder sagaDecided = new LatencyRecorder(this.origin);
		Map<OrderKind, LatencyRecorder> byKind = new EnumMap<>(OrderKind.class);
		Map<String, Integer> counts = new LinkedHashMap<>();
		Map<String, Integer> finalStates = new TreeMap<>();
		int placed = 0;
		int accepted = 0;
		int timedOut = 0;
		int completed = 0;
		int unfinished = 0;
		int unexpected = 0;
		int completedInWindow = 0;
		long transactions = 0;
		int streamsOpened = 0;
		Map<String, Integer> fallbacks = new TreeMap<>();
		for (Outcome outcome : all) {
			if (outcome.finalAt() >= this.windowStart && outcome.finalAt() < this.windowEnd && outcome.expected()) {
				completedInWindow++;
				transactions += outcome.order().impliedCommandTransactions();
			}
			if (outcome.due() < this.windowStart) {
				continue;
			}
			placed++;
			// a refused order was never placed: it counts as a refusal, nothing else
			if (outcome.refusal() != null) {
				continue;
			}
			if (outcome.accepted()) {
				accepted++;
			}
			if (outcome.timedOut()) {
				timedOut++;
			}
			counts.merge(outcome.kind().name(), 1, Integer::sum);
			if (outcome.streamed()) {
				streamsOpened++;
			}
			if (outcome.fallback() != null) {
				fallbacks.merge(outcome.fallback(), 1, Integer::sum);
			}
			String state = (outcome.status() == null) ? "not final"
					: (outcome.reason() != null) ? outcome.status() + " " + outcome.reason() : outcome.status();
			finalStates.merge((outcome.error() != null) ? "request failed: " + outcome.error() : state, 1,
					Integer::sum);
			if (outcome.placeLatency() > 0) {
				place.record(outcome.due(), outcome.placeLatency());
			}
			if (outcome.decidedBySaga()) {
				sagaDecided.record(outcome.due(), outcome.finalLatency());
			}
			if (outcome.error() != null) {
				continue;
			}
			if (outcome.status() == null) {
				unfinished++;
				continue;
			}
			if (!outcome.expected()) {
				unexpected++;
				// a timeout is the system being too slow, not a broken rule; it counts as
				// unexpected, and the reservations it leaves must still add up
				if (!outcome.timedOut()) {
					violations = append(violations, "order " + outcome.order().orderId() + " planned as "
							+ outcome.kind() + " ended " + outcome.status() + " " + outcome.reason());
				}
				continue;
			}
			completed++;
			byKind.computeIfAbsent(outcome.kind(), (kind) -> new LatencyRecorder(this.origin))
				.record(outcome.finalFrom(), outcome.finalAt() - outcome.finalFrom());
		}
		Map<String, LatencySummary> kindSummaries = new LinkedHashMap<>();
		byKind.forEach((kind, recorder) -> kindSummaries.put(kind.name(), recorder.summary()));
		double eventsPerSecond = (headAtStart >= 0 && headAtEnd >= headAtStart) ? (headAtEnd - headAtStart) / seconds
				: 0;
		return new LoadResult(this.settings.closedLoop() ? 0 : this.settings.rate(), this.settings.concurrency(),
				seconds, this.settings.pollInterval().toNanos() / 1e6, placed, completed, unfinished, unexpected,
				this.requestErrors.get(), completedInWindow / seconds, eventsPerSecond, transactions / seconds,
				queryReadsPerSecond, place.summary(), sagaDecided.summary(), kindSummaries, counts, finalStates,
				sagaDecided.perSecond(), violations, this.commandRss.get(), this.queryRss.get(),
				this.settings.observe().option(),
				(this.settings.observe() == Observation.PER_CUSTOMER) ? this.customerStreams.streamsOpened()
						: streamsOpened,
				fallbacks.values().stream().mapToInt(Integer::intValue).sum(), fallbacks, accepted, placed / seconds,
				accepted / seconds, (accepted > 0) ? timedOut / (double) accepted : 0,
				refusals.summary(seconds, lookup), this.senderLag.summary(), this.customerStreams.streamsReopened(),
				costs.cost(costsAtStart, costsAtEnd, completedInWindow));
	}

	private static List<String> append(List<String> list, String item) {
		List<String> copy = new ArrayList<>(list);
		copy.add(item);
		return copy;
	}

	// --- setup and checks through the APIs

	/**
	 * Fails unless the application answers its health probe. The probe needs no token,
	 * but one that is sent must be valid: a token the system does not trust is reported
	 * here, before anything is created.
	 */
	private void requireUp(String baseUrl) {
		Response health;
		try {
			health = this.http.get(baseUrl + "/actuator/health");
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException(
					"cannot reach " + baseUrl + ": is the system running? (" + ex.getMessage() + ")", ex);
		}
		health.requireSuccess("the health probe of " + baseUrl);
	}

	private void createCatalog() {
		List<CompletableFuture<Response>> requests = new ArrayList<>();
		for (Customer customer : this.catalog.customers()) {
			requests.add(this.http.postAsync(this.settings.commandUrl() + "/api/customers", customer));
		}
		for (Product product : this.catalog.products()) {
			requests.add(this.http.postAsync(this.settings.commandUrl() + "/api/products", product));
			this.stockReceived.put(product.productId(), (long) product.stock());
		}
		for (CompletableFuture<Response> request : requests) {
			request.join().requireSuccess("creating the catalog");
		}
		List<String> urls = new ArrayList<>();
		this.catalog.customers()
			.forEach((c) -> urls.add(this.settings.queryUrl() + "/api/customers/" + c.customerId()));
		this.catalog.products().forEach((p) -> urls.add(this.settings.queryUrl() + "/api/products/" + p.productId()));
		long giveUp = System.nanoTime() + this.settings.settleTimeout().toNanos();
		urls.removeIf((url) -> this.http.get(url).status() == 200);
		while (!urls.isEmpty()) {
			if (System.nanoTime() > giveUp) {
				throw new IllegalStateException(urls.size() + " customers/products never appeared in the query API");
			}
			LockSupport.parkNanos(100_000_000L);
			urls.removeIf((url) -> this.http.get(url).status() == 200);
		}
		this.out.printf("created %d customers and %d products (%s-*)%n", this.catalog.customers().size(),
				this.catalog.products().size(), this.prefix);
	}

	/** The event store's head as the query side reports it, or -1 when it cannot say. */
	private long eventStoreHead() {
		try {
			Response response = this.http.get(this.settings.queryUrl() + "/api/admin/projections");
			long head = -1;
			for (JsonNode projection : response.requireSuccess("reading projections").json()) {
				head = Math.max(head, projection.path("head").asLong(-1));
			}
			return head;
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * Looks the refused orders up on the query API, once it has caught up with every
	 * event stored: one that exists was stored though the answer said it was not.
	 */
	private Lookup lookUp(List<String> orderIds) {
		if (orderIds.isEmpty()) {
			return Lookup.NONE;
		}
		awaitProjectionsAtHead();
		List<String> stored = new ArrayList<>();
		List<String> unreadable = new ArrayList<>();
		for (int from = 0; from < orderIds.size(); from += LOOKUPS_AT_ONCE) {
			List<String> batch = orderIds.subList(from, Math.min(from + LOOKUPS_AT_ONCE, orderIds.size()));
			List<CompletableFuture<String>> answers = batch.stream()
				.map((id) -> this.http.getAsync(this.settings.queryUrl() + "/api/orders/" + id)
					.handle((response, error) -> (error != null) ? "failed: " + error
							: (response.status() == 404) ? null : "HTTP " + response.status()))
				.toList();
			for (int i = 0; i < batch.size(); i++) {
				String answer = answers.get(i).join();
				if ("HTTP 200".equals(answer)) {
					stored.add(batch.get(i));
				}
				else if (answer != null) {
					unreadable.add(batch.get(i) + " could not be looked up: " + answer);
				}
			}
		}
		this.out.printf("looked up %d refused orders on the query API: %d stored%n", orderIds.size(), stored.size());
		return new Lookup(orderIds.size(), stored, unreadable);
	}

	/**
	 * Waits, at most the settle timeout, until every projection has processed the event
	 * store's head; goes on at once when the query side does not say.
	 */
	private void awaitProjectionsAtHead() {
		long giveUp = System.nanoTime() + this.settings.settleTimeout().toNanos();
		while (!projectionsAtHead()) {
			if (System.nanoTime() > giveUp) {
				this.out.println("the projections have not reached the event store's head; looking up anyway");
				return;
			}
			LockSupport.parkNanos(200_000_000L);
		}
	}

	private boolean projectionsAtHead() {
		try {
			Response response = this.http.get(this.settings.queryUrl() + "/api/admin/projections");
			if (!response.isSuccess()) {
				return true;
			}
			for (JsonNode projection : response.json()) {
				if (projection.path("position").asLong(-1) < projection.path("head").asLong(-1)) {
					return false;
				}
			}
			return true;
		}
		catch (RuntimeException ex) {
			return true;
		}
	}

	private List<String> settledInvariants() {
		long giveUp = System.nanoTime() + this.settings.settleTimeout().toNanos();
		while (true) {
			List<String> violations = checkInvariants();
			if (violations.isEmpty() || System.nanoTime() > giveUp) {
				return violations;
			}
			LockSupport.parkNanos(500_000_000L);
		}
	}

	private List<String> checkInvariants() {
		List<CustomerView> customers = new ArrayList<>();
		List<OrderView> orders = new ArrayList<>();
		for (Customer customer : this.catalog.customers()) {
			customers.add(this.http.get(this.settings.queryUrl() + "/api/customers/" + customer.customerId())
				.requireSuccess("reading customer " + customer.customerId())
				.as(CustomerView.class));
			orders.addAll(ordersOf(customer.customerId()));
		}
		List<ProductView> products = new ArrayList<>();
		for (Product product : this.catalog.products()) {
			products.add(this.http.get(this.settings.queryUrl() + "/api/products/" + product.productId())
				.requireSuccess("reading product " + product.productId())
				.as(ProductView.class));
		}
		List<String> violations = new ArrayList<>(
				InvariantChecker.check(customers, products, orders, Map.copyOf(this.stockReceived)));
		long accepted = outcomes().stream().filter(Outcome::accepted).count();
		if (orders.size() < accepted) {
			violations
				.add("the query API lists " + orders.size() + " orders of this run, " + accepted + " were accepted");
		}
		return violations;
	}

	/**
	 * Every order of the customer, following the list's cursor: page numbers reach only
	 * the first orders (query-side.paging.max-offset).
	 */
	private List<OrderView> ordersOf(String customerId) {
		List<OrderView> orders = new ArrayList<>();
		String first = this.settings.queryUrl() + "/api/orders?customerId=" + customerId + "&size=" + PAGE_SIZE;
		String cursor = null;
		do {
			JsonNode body = this.http.get((cursor != null) ? first + "&cursor=" + cursor : first)
				.requireSuccess("listing orders of " + customerId)
				.json();
			for (JsonNode order : body.path("content")) {
				orders.add(Json.MAPPER.convertValue(order, OrderView.class));
			}
			cursor = body.path("next").isTextual() ? body.path("next").asText() : null;
		}
		while (cursor != null);
		return orders;
	}

	private static ThreadFactory daemon(String name) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, "bench-" + name + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * How one order went.
	 *
	 * @param order what was planned
	 * @param due when it was due to be placed
	 * @param placeLatency due → place answered, or 0 if it never was
	 * @param finalFrom when the wait for its final state began: due, or the cancel
	 * request
	 * @param finalAt when its final state was seen, or 0
	 * @param status the final status seen, or null
	 * @param reason the rejection reason seen, or null
	 * @param error why a request failed (the answer it did not expect, or the type of
	 * what it failed with), or null
	 * @param streamed whether a stream of live updates was opened for it
	 * @param fallback why it was polled instead of streamed, or null
	 * @param accepted whether the place request was answered 202
	 * @param refusal the 503 the place request was answered with, or null
	 */
	private record Outcome(PlannedOrder order, long due, long placeLatency, long finalFrom, long finalAt, String status,
			String reason, String error, boolean streamed, String fallback, boolean accepted, Refusal refusal) {

		static Outcome failed(PlannedOrder order, long due, long placeLatency, boolean accepted, String error) {
			return new Outcome(order, due, placeLatency, due, 0, null, null, error, false, null, accepted, null);
		}

		static Outcome refused(PlannedOrder order, long due, long placeLatency, Refusal refusal) {
			return new Outcome(order, due, placeLatency, due, 0, null, null, null, false, null, false, refusal);
		}

		static Outcome seen(PlannedOrder order, long due, long placeLatency, long finalFrom, Seen seen,
				OrderWatch watch) {
			if (seen == null) {
				return new Outcome(order, due, placeLatency, finalFrom, 0, null, null, null, watch.streamOpened(),
						watch.fallback(), true, null);
			}
			return new Outcome(order, due, placeLatency, finalFrom, seen.at(), seen.view().status(),
					seen.view().rejectionReason(), null, watch.streamOpened(), watch.fallback(), true, null);
		}

		OrderKind kind() {
			return this.order.kind();
		}

		boolean expected() {
			return this.error == null && this.status != null && kind().isExpected(this.status, this.reason);
		}

		/**
		 * Rejected by the saga's deadline: the system was too slow, no rule was broken.
		 */
		boolean timedOut() {
			return this.error == null && "REJECTED".equals(this.status) && "TIMEOUT".equals(this.reason);
		}

		/**
		 * Its place → final latency is the saga's round trip: a kind the saga decides,
		 * ended as planned, or any order its deadline rejected (the slow tail).
		 */
		boolean decidedBySaga() {
			return (expected() && kind().decidedBySaga()) || timedOut();
		}

		long finalLatency() {
			return this.finalAt - this.due;
		}

	}

}
