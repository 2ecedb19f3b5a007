package dev.ordersonaxon.benchmark.load;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import dev.ordersonaxon.benchmark.HttpJson;
import dev.ordersonaxon.benchmark.load.Views.OrderView;

/**
 * Reads an order's view with {@code GET /api/orders/{id}} until it matches. The interval
 * grows with the wait (a twentieth of it, from the poll interval up to a second) and at
 * most {@value #MAX_POLLS_IN_FLIGHT} reads are outstanding, so a slow system is not
 * buried under the tool's own reads.
 */
final class OrderPoller {

	static final int MAX_POLLS_IN_FLIGHT = 32;

	private static final long POLL_BACKOFF_DIVISOR = 20;

	private static final long MAX_POLL_DELAY = 1_000_000_000L;

	private final HttpJson http;

	private final ScheduledExecutorService scheduler;

	private final String queryUrl;

	private final long intervalNanos;

	private final long timeoutNanos;

	private final Semaphore permits = new Semaphore(MAX_POLLS_IN_FLIGHT);

	private final AtomicLong reads;

	/**
	 * @param reads counts every read sent, shared with whatever else reads the query API
	 */
	OrderPoller(HttpJson http, ScheduledExecutorService scheduler, String queryUrl, Duration interval, Duration timeout,
			AtomicLong reads) {
		this.http = http;
		this.scheduler = scheduler;
		this.queryUrl = queryUrl;
		this.intervalNanos = interval.toNanos();
		this.timeoutNanos = timeout.toNanos();
		this.reads = reads;
	}

	/** Polls from now on. */
	CompletableFuture<Seen> poll(String orderId, Predicate<OrderView> done) {
		return poll(orderId, done, System.nanoTime());
	}

	/**
	 * Reads the order's view until it matches; completes with null when it has not
	 * matched by the timeout, counted from {@code since}.
	 */
	CompletableFuture<Seen> poll(String orderId, Predicate<OrderView> done, long since) {
		CompletableFuture<Seen> result = new CompletableFuture<>();
		pollOnce(this.queryUrl + "/api/orders/" + orderId, done, since, result);
		return result;
	}

	/** An order followed by polling alone. */
	OrderWatch watch(String orderId) {
		return new OrderWatch() {

			@Override
			public CompletableFuture<Seen> until(Predicate<OrderView> wanted) {
				return poll(orderId, wanted);
			}

			@Override
			public boolean streamOpened() {
				return false;
			}

			@Override
			public String fallback() {
				return null;
			}

			@Override
			public void close() {
			}

		};
	}

	private void pollOnce(String url, Predicate<OrderView> done, long since, CompletableFuture<Seen> result) {
		if (!this.permits.tryAcquire()) {
			this.scheduler.schedule(() -> pollOnce(url, done, since, result), this.intervalNanos, TimeUnit.NANOSECONDS);
			return;
		}
		this.reads.incrementAndGet();
		this.http.getAsync(url).whenComplete((response, error) -> {
			this.permits.release();
			long now = System.nanoTime();
			if (error == null && response.status() == 200) {
				OrderView view = response.as(OrderView.class);
				if (done.test(view)) {
					result.complete(new Seen(view, now));
					return;
				}
			}
			long waited = now - since;
			if (waited > this.timeoutNanos) {
				result.complete(null);
				return;
			}
			this.scheduler.schedule(() -> pollOnce(url, done, since, result), delay(this.intervalNanos, waited),
					TimeUnit.NANOSECONDS);
		});
	}

	static long delay(long intervalNanos, long waitedNanos) {
		return Math.max(intervalNanos, Math.min(waitedNanos / POLL_BACKOFF_DIVISOR, MAX_POLL_DELAY));
	}

}
