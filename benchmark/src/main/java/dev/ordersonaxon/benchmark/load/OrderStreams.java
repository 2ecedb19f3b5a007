package dev.ordersonaxon.benchmark.load;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ordersonaxon.benchmark.HttpJson;
import dev.ordersonaxon.benchmark.Json;
import dev.ordersonaxon.benchmark.load.ServerSentEvents.Event;
import dev.ordersonaxon.benchmark.load.Views.OrderView;

/**
 * Follows orders through the query side's live updates: one {@code text/event-stream} per
 * order on {@code GET /api/orders/{id}/updates}, which sends the current view (if it is
 * projected yet) and then every change, and ends once the order is rejected or cancelled.
 * An order's view counts from the moment its event arrived. Bodies are read as lines by
 * the client's executor, so no thread waits for a stream.
 * <p>
 * The endpoint answers 404 until the order's first event is stored, so a stream is opened
 * once the place request has been answered. When a stream is refused, fails, ends, or
 * stays without the awaited state for the silence limit, the order is polled instead,
 * from when its wait began, and the reason is kept: no order is lost from the figures.
 */
final class OrderStreams {

	/** The name the query side gives its events. */
	static final String EVENT_NAME = "order";

	private static final String EVENT_STREAM = "text/event-stream";

	private final HttpJson http;

	private final ScheduledExecutorService scheduler;

	private final OrderPoller poller;

	private final String queryUrl;

	private final Duration silence;

	private final AtomicLong requests;

	/**
	 * @param silence how long a wait may go without the awaited state on the stream
	 * before the order is polled instead; also how long the stream may take to answer
	 * @param requests counts every stream opened, shared with the poller's reads
	 */
	OrderStreams(HttpJson http, ScheduledExecutorService scheduler, OrderPoller poller, String queryUrl,
			Duration silence, AtomicLong requests) {
		this.http = http;
		this.scheduler = scheduler;
		this.poller = poller;
		this.queryUrl = queryUrl;
		this.silence = silence;
		this.requests = requests;
	}

	/** Opens the order's stream and follows it. */
	OrderWatch follow(String orderId) {
		StreamedOrder order = new StreamedOrder(orderId);
		order.open();
		return order;
	}

	private static String describe(Throwable error) {
		Throwable cause = (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
		return "failed: " + cause.getClass().getSimpleName();
	}

	/** One order's stream, its last view and the wait, if any. */
	private final class StreamedOrder implements OrderWatch, Flow.Subscriber<String> {

		private final String orderId;

		/** Fed by onNext only, which the client never calls concurrently. */
		private final ServerSentEvents events = new ServerSentEvents();

		private Seen latest;

		private Wait waiting;

		/** Why the stream can no longer be relied on, or null while it can. */
		private String broken;

		/** Why the order was polled, or null. */
		private String fallback;

		private boolean opened;

		private boolean closed;

		private Flow.Subscription subscription;

		private CompletableFuture<HttpResponse<Void>> exchange;

		StreamedOrder(String orderId) {
			this.orderId = orderId;
		}

		void open() {
			HttpRequest request = OrderStreams.this.http
				.newRequest(OrderStreams.this.queryUrl + "/api/orders/" + this.orderId + "/updates")
				.timeout(OrderStreams.this.silence)
				.header("Accept", EVENT_STREAM)
				.GET()
				.build();
			OrderStreams.this.requests.incrementAndGet();
			CompletableFuture<HttpResponse<Void>> sent = OrderStreams.this.http.client().sendAsync(request, this::body);
			synchronized (this) {
				this.exchange = sent;
			}
			sent.whenComplete((response, error) -> {
				if (error != null) {
					broken(describe(error));
				}
			});
		}

		/** Called when the headers arrive. */
		private BodySubscriber<Void> body(ResponseInfo response) {
			if (response.statusCode() != 200) {
				broken("HTTP " + response.statusCode());
				return BodySubscribers.discarding();
			}
			if (!response.headers().firstValue("Content-Type").orElse("").startsWith(EVENT_STREAM)) {
				broken("not an event stream");
				return BodySubscribers.discarding();
			}
			synchronized (this) {
				this.opened = true;
			}
			return BodySubscribers.fromLineSubscriber(this);
		}

		@Override
		public CompletableFuture<Seen> until(Predicate<OrderView> wanted) {
			Wait wait = new Wait(wanted, System.nanoTime(), new CompletableFuture<>());
			boolean poll;
			synchronized (this) {
				if (this.latest != null && wanted.test(this.latest.view())) {
					return CompletableFuture.completedFuture(this.latest);
				}
				poll = this.broken != null;
				if (poll) {
					this.fallback = (this.fallback != null) ? this.fallback : this.broken;
				}
				else {
					this.waiting = wait;
					wait.timer = OrderStreams.this.scheduler.schedule(() -> quiet(wait),
							OrderStreams.this.silence.toNanos(), TimeUnit.NANOSECONDS);
				}
			}
			if (poll) {
				pollInstead(wait);
			}
			return wait.result;
		}

		@Override
		public synchronized boolean streamOpened() {
			return this.opened;
		}

		@Override
		public synchronized String fallback() {
			return this.fallback;
		}

		@Override
		public void close() {
			Wait wait;
			synchronized (this) {
				if (this.closed) {
					return;
				}
				this.closed = true;
				wait = this.waiting;
				this.waiting = null;
			}
			cancelStream();
			if (wait != null) {
				wait.timer.cancel(false);
				wait.result.complete(null);
			}
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			boolean cancel;
			synchronized (this) {
				cancel = this.closed || this.broken != null;
				if (!cancel) {
					this.subscription = subscription;
				}
			}
			if (cancel) {
				subscription.cancel();
			}
			else {
				subscription.request(Long.MAX_VALUE);
			}
		}

		@Override
		public void onNext(String line) {
			Event event = this.events.line(line);
			if (event == null || !EVENT_NAME.equals(event.name())) {
				return;
			}
			Seen seen;
			try {
				seen = new Seen(Json.MAPPER.readValue(event.data(), OrderView.class), System.nanoTime());
			}
			catch (JsonProcessingException ex) {
				broken("unreadable event");
				return;
			}
			Wait wait;
			synchronized (this) {
				if (this.closed || this.broken != null) {
					return;
				}
				this.latest = seen;
				wait = this.waiting;
				if (wait == null || !wait.wanted.test(seen.view())) {
					return;
				}
				this.waiting = null;
			}
			wait.timer.cancel(false);
			wait.result.complete(seen);
		}

		@Override
		public void onError(Throwable error) {
			broken(describe(error));
		}

		@Override
		public void onComplete() {
			broken("ended before the awaited state");
		}

		private void quiet(Wait wait) {
			synchronized (this) {
				if (this.waiting != wait) {
					return;
				}
			}
			broken("awaited state not streamed within " + OrderStreams.this.silence.toMillis() + " ms");
		}

		/**
		 * The stream cannot be relied on any more: close it and poll for the wait, if
		 * any. The first reason wins; after close nothing counts.
		 */
		private void broken(String reason) {
			Wait wait;
			synchronized (this) {
				if (this.closed || this.broken != null) {
					return;
				}
				this.broken = reason;
				wait = this.waiting;
				this.waiting = null;
				if (wait != null) {
					this.fallback = reason;
				}
			}
			cancelStream();
			if (wait != null) {
				wait.timer.cancel(false);
				pollInstead(wait);
			}
		}

		private void pollInstead(Wait wait) {
			OrderStreams.this.poller.poll(this.orderId, wait.wanted, wait.since).whenComplete((seen, error) -> {
				if (error != null) {
					wait.result.completeExceptionally(error);
				}
				else {
					wait.result.complete(seen);
				}
			});
		}

		private void cancelStream() {
			Flow.Subscription current;
			CompletableFuture<HttpResponse<Void>> sent;
			synchronized (this) {
				current = this.subscription;
				sent = this.exchange;
			}
			if (current != null) {
				current.cancel();
			}
			else if (sent != null) {
				// still waiting for the headers
				sent.cancel(true);
			}
		}

	}

	/** A wait for a state: what is awaited, since when, and its result. */
	private static final class Wait {

		private final Predicate<OrderView> wanted;

		private final long since;

		private final CompletableFuture<Seen> result;

		private ScheduledFuture<?> timer;

		Wait(Predicate<OrderView> wanted, long since, CompletableFuture<Seen> result) {
			this.wanted = wanted;
			this.since = since;
			this.result = result;
		}

	}

}
