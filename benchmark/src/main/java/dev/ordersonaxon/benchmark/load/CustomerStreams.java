package dev.ordersonaxon.benchmark.load;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ordersonaxon.benchmark.HttpJson;
import dev.ordersonaxon.benchmark.Json;
import dev.ordersonaxon.benchmark.load.ServerSentEvents.Event;
import dev.ordersonaxon.benchmark.load.Views.OrderView;

/**
 * Follows orders through one live stream per customer,
 * {@code GET /api/orders/updates?customerId=}, opened before the first order is placed
 * and kept for the whole run: every change of any order of the customer arrives on it, so
 * no stream is opened per order. A stream that ends or fails is reopened with the last
 * event id it delivered ({@code Last-Event-ID}), as a browser's {@code EventSource}
 * would, and the query side first sends what changed since. An order whose awaited state
 * has not arrived within the silence limit, or whose customer has no stream, is polled
 * instead, from when its wait began, and the reason is kept.
 */
final class CustomerStreams implements AutoCloseable {

	private static final String EVENT_STREAM = "text/event-stream";

	/** How long a dropped stream waits before it is reopened. */
	private static final Duration REOPEN_AFTER = Duration.ofMillis(500);

	private final HttpJson http;

	private final ScheduledExecutorService scheduler;

	private final OrderPoller poller;

	private final String queryUrl;

	private final Duration silence;

	private final AtomicLong requests;

	private final Map<String, CustomerStream> streams = new ConcurrentHashMap<>();

	/**
	 * Every order with a view or a wait, by id; an order's entry goes when it is closed.
	 */
	private final Map<String, StreamedOrder> orders = new ConcurrentHashMap<>();

	private final AtomicInteger opened = new AtomicInteger();

	private final AtomicInteger reopened = new AtomicInteger();

	private volatile boolean closed;

	/**
	 * @param silence how long a wait may go without the awaited state before the order is
	 * polled instead
	 * @param requests counts every stream opened, shared with the poller's reads
	 */
	CustomerStreams(HttpJson http, ScheduledExecutorService scheduler, OrderPoller poller, String queryUrl,
			Duration silence, AtomicLong requests) {
		this.http = http;
		this.scheduler = scheduler;
		this.poller = poller;
		this.queryUrl = queryUrl;
		this.silence = silence;
		this.requests = requests;
	}

	/**
	 * Opens a stream for each customer and waits until each has answered (or failed), so
	 * that no change of an order placed afterwards can be missed.
	 * @return why streams could not be opened, one line per customer; empty when all did
	 */
	List<String> open(List<String> customerIds) {
		List<CompletableFuture<String>> answers = new ArrayList<>();
		for (String customerId : customerIds) {
			CustomerStream stream = new CustomerStream(customerId);
			this.streams.put(customerId, stream);
			answers.add(stream.connect(null));
		}
		List<String> failures = new ArrayList<>();
		for (int i = 0; i < answers.size(); i++) {
			String failure = answers.get(i).join();
			if (failure != null) {
				failures.add(customerIds.get(i) + ": " + failure);
			}
		}
		return failures;
	}

	/** Follows an order of a customer whose stream {@link #open} opened. */
	OrderWatch follow(String orderId, String customerId) {
		StreamedOrder order = this.orders.computeIfAbsent(orderId, StreamedOrder::new);
		CustomerStream stream = this.streams.get(customerId);
		order.customerStream(stream);
		return order;
	}

	/** Streams answered with an event stream, first openings and reopenings. */
	int streamsOpened() {
		return this.opened.get();
	}

	/** Streams reopened after they ended or failed. */
	int streamsReopened() {
		return this.reopened.get();
	}

	@Override
	public void close() {
		this.closed = true;
		this.streams.values().forEach(CustomerStream::cancel);
		this.orders.values().forEach(StreamedOrder::close);
	}

	private void received(Seen seen) {
		if (this.closed) {
			return;
		}
		this.orders.computeIfAbsent(seen.view().orderId(), StreamedOrder::new).received(seen);
	}

	private static String describe(Throwable error) {
		Throwable cause = (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
		return "failed: " + cause.getClass().getSimpleName();
	}

	/** One customer's stream, reopened whenever it drops. */
	private final class CustomerStream implements Flow.Subscriber<String> {

		private final String customerId;

		/**
		 * A new one per connection; fed by onNext only, which the client never calls
		 * concurrently.
		 */
		private volatile ServerSentEvents events;

		private String lastEventId;

		private Flow.Subscription subscription;

		private CompletableFuture<HttpResponse<Void>> exchange;

		/** Why the stream never opened, or null. */
		private volatile String refused;

		CustomerStream(String customerId) {
			this.customerId = customerId;
		}

		/**
		 * Sends the request; completes with null once an event stream is answered, or
		 * with why not.
		 */
		CompletableFuture<String> connect(String lastId) {
			HttpRequest.Builder request = CustomerStreams.this.http
				.newRequest(CustomerStreams.this.queryUrl + "/api/orders/updates?customerId=" + this.customerId)
				.header("Accept", EVENT_STREAM)
				.GET();
			if (lastId != null) {
				request.header("Last-Event-ID", lastId);
			}
			CompletableFuture<String> answered = new CompletableFuture<>();
			CustomerStreams.this.requests.incrementAndGet();
			CompletableFuture<HttpResponse<Void>> sent = CustomerStreams.this.http.client()
				.sendAsync(request.build(), (response) -> body(response, answered));
			synchronized (this) {
				this.exchange = sent;
			}
			sent.whenComplete((response, error) -> {
				if (error != null) {
					answered.complete(describe(error));
					dropped();
				}
			});
			return answered;
		}

		private BodySubscriber<Void> body(ResponseInfo response, CompletableFuture<String> answered) {
			if (response.statusCode() != 200
					|| !response.headers().firstValue("Content-Type").orElse("").startsWith(EVENT_STREAM)) {
				String reason = "HTTP " + response.statusCode();
				// refused before it is told: whoever waited for the answer then sees it
				if (this.refused == null && this.lastEventId == null) {
					this.refused = "customer stream refused: " + reason;
				}
				answered.complete(reason);
				return BodySubscribers.discarding();
			}
			CustomerStreams.this.opened.incrementAndGet();
			this.events = new ServerSentEvents();
			answered.complete(null);
			return BodySubscribers.fromLineSubscriber(this);
		}

		/** Null while the stream can be relied on to deliver this customer's changes. */
		String refused() {
			return this.refused;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			boolean cancel;
			synchronized (this) {
				cancel = CustomerStreams.this.closed;
				this.subscription = subscription;
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
			if (event == null || !OrderStreams.EVENT_NAME.equals(event.name())) {
				return;
			}
			Seen seen;
			try {
				seen = new Seen(Json.MAPPER.readValue(event.data(), OrderView.class), System.nanoTime());
			}
			catch (JsonProcessingException ex) {
				return;
			}
			synchronized (this) {
				this.lastEventId = event.id();
			}
			received(seen);
		}

		@Override
		public void onError(Throwable error) {
			dropped();
		}

		@Override
		public void onComplete() {
			dropped();
		}

		/**
		 * The server ended the stream or it failed: open it again from the last event.
		 */
		private void dropped() {
			if (CustomerStreams.this.closed || this.refused != null) {
				return;
			}
			CustomerStreams.this.scheduler.schedule(() -> {
				if (CustomerStreams.this.closed) {
					return;
				}
				CustomerStreams.this.reopened.incrementAndGet();
				String lastId;
				synchronized (this) {
					lastId = this.lastEventId;
				}
				connect(lastId);
			}, REOPEN_AFTER.toNanos(), TimeUnit.NANOSECONDS);
		}

		void cancel() {
			Flow.Subscription current;
			CompletableFuture<HttpResponse<Void>> sent;
			synchronized (this) {
				current = this.subscription;
				sent = this.exchange;
			}
			if (current != null) {
				current.cancel();
			}
			if (sent != null) {
				sent.cancel(true);
			}
		}

	}

	/** One order's last view and its wait, if any. */
	private final class StreamedOrder implements OrderWatch {

		private final String orderId;

		private CustomerStream stream;

		private Seen latest;

		private Wait waiting;

		private String fallback;

		private boolean closed;

		StreamedOrder(String orderId) {
			this.orderId = orderId;
		}

		synchronized void customerStream(CustomerStream stream) {
			this.stream = stream;
		}

		@Override
		public CompletableFuture<Seen> until(Predicate<OrderView> wanted) {
			Wait wait = new Wait(wanted, System.nanoTime(), new CompletableFuture<>());
			String unstreamed;
			synchronized (this) {
				if (this.latest != null && wanted.test(this.latest.view())) {
					return CompletableFuture.completedFuture(this.latest);
				}
				unstreamed = (this.stream == null) ? "no stream for its customer" : this.stream.refused();
				if (unstreamed != null) {
					this.fallback = (this.fallback != null) ? this.fallback : unstreamed;
				}
				else {
					this.waiting = wait;
					wait.timer = CustomerStreams.this.scheduler.schedule(() -> quiet(wait),
							CustomerStreams.this.silence.toNanos(), TimeUnit.NANOSECONDS);
				}
			}
			if (unstreamed != null) {
				pollInstead(wait);
			}
			return wait.result;
		}

		void received(Seen seen) {
			Wait wait;
			synchronized (this) {
				if (this.closed) {
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

		private void quiet(Wait wait) {
			synchronized (this) {
				if (this.waiting != wait) {
					return;
				}
				this.waiting = null;
				this.fallback = "awaited state not streamed within " + CustomerStreams.this.silence.toMillis() + " ms";
			}
			pollInstead(wait);
		}

		private void pollInstead(Wait wait) {
			CustomerStreams.this.poller.poll(this.orderId, wait.wanted, wait.since).whenComplete((seen, error) -> {
				if (error != null) {
					wait.result.completeExceptionally(error);
				}
				else {
					wait.result.complete(seen);
				}
			});
		}

		@Override
		public synchronized boolean streamOpened() {
			return this.stream != null && this.stream.refused() == null;
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
			CustomerStreams.this.orders.remove(this.orderId, this);
			if (wait != null) {
				wait.timer.cancel(false);
				wait.result.complete(null);
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
