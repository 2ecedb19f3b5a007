package dev.ordersonaxon.query.order;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.FindOrderQuery;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderView;
import dev.ordersonaxon.query.infrastructure.InvalidRequestException;
import dev.ordersonaxon.query.infrastructure.InvalidRequestException.FieldProblem;
import dev.ordersonaxon.query.infrastructure.QuerySideSettings;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Streams order views as server-sent events from subscription queries. One order's: the
 * current view first, then every change; the stream ends when the order is rejected or
 * cancelled (an approved order may still be cancelled), or after the configured timeout,
 * whichever comes first; the client reconnects if it wants more. One customer's: every
 * change of any of its orders (see {@link #followCustomer}).
 */
@Component
class OrderUpdates {

	static final String EVENT_NAME = "order";

	private final QueryGateway queries;

	private final OrderEventHistory history;

	private final QuerySideSettings settings;

	private final StreamPermits permits;

	OrderUpdates(QueryGateway queries, OrderEventHistory history, QuerySideSettings settings, StreamPermits permits) {
		this.queries = queries;
		this.history = history;
		this.settings = settings;
		this.permits = permits;
	}

	/**
	 * An open stream for the order, or empty when no such order exists.
	 * @param client the client's address, whose streams are capped
	 * @throws dev.ordersonaxon.query.infrastructure.TooManyRequestsException when the
	 * client or this node holds as many streams as allowed
	 */
	Optional<SseEmitter> follow(OrderId orderId, String client) {
		Runnable release = this.permits.acquire(client);
		try {
			Optional<SseEmitter> emitter = follow(orderId, release);
			if (emitter.isEmpty()) {
				release.run();
			}
			return emitter;
		}
		catch (RuntimeException | Error ex) {
			release.run();
			throw ex;
		}
	}

	private Optional<SseEmitter> follow(OrderId orderId, Runnable release) {
		SubscriptionQueryResult<Optional<OrderView>, OrderView> result = this.queries.subscriptionQuery(
				new FindOrderQuery(orderId), ResponseTypes.optionalInstanceOf(OrderView.class),
				ResponseTypes.instanceOf(OrderView.class));
		Optional<OrderView> current = result.initialResult().blockOptional().flatMap((view) -> view);
		// A just-placed order may not be projected yet: its events decide whether it
		// exists.
		if (current.isEmpty() && !this.history.isOrder(orderId)) {
			result.cancel();
			return Optional.empty();
		}
		Flux<SseEmitter.SseEventBuilder> events = Flux.concat(Flux.fromStream(current.stream()), result.updates())
			.takeUntil((view) -> view.status().isFinal())
			.map((view) -> SseEmitter.event().name(EVENT_NAME).data(view, MediaType.APPLICATION_JSON));
		return Optional.of(stream(events, result::cancel, release));
	}

	/**
	 * An open stream of every change of the customer's orders: first the customer's
	 * orders changed at or after {@code since} (less the resume margin), or without a
	 * time its pending orders, then each change as it is projected. Each event's id is
	 * the newest {@code updatedAt} the stream has sent, which a client passes back as
	 * {@code Last-Event-ID} when it reconnects. The stream ends only at the timeout, or
	 * when this node may have missed changes (its notifications were interrupted), so
	 * that the client resumes from its last id.
	 * @throws InvalidRequestException when more orders changed since then than one stream
	 * sends before its live changes
	 * @throws dev.ordersonaxon.query.infrastructure.TooManyRequestsException as
	 * {@link #follow(OrderId, String)}
	 */
	SseEmitter followCustomer(CustomerId customerId, Instant since, String sinceName, String client) {
		Runnable release = this.permits.acquire(client);
		try {
			return followCustomer(customerId, since, sinceName, release);
		}
		catch (RuntimeException | Error ex) {
			release.run();
			throw ex;
		}
	}

	private SseEmitter followCustomer(CustomerId customerId, Instant since, String sinceName, Runnable release) {
		int max = this.settings.updatesSnapshotMax();
		Instant from = (since != null) ? since.minus(this.settings.updatesResumeMargin()) : null;
		// The update handler is registered before the snapshot is read: a change
		// committed in between is in the snapshot, the updates or both, never neither.
		SubscriptionQueryResult<List<OrderView>, OrderView> result = this.queries.subscriptionQuery(
				new FollowCustomerOrdersQuery(customerId, from, max + 1),
				ResponseTypes.multipleInstancesOf(OrderView.class), ResponseTypes.instanceOf(OrderView.class));
		// Axon keeps only the last few updates for a subscriber that has not subscribed
		// yet; these are kept, however many arrive while the snapshot is being sent.
		Sinks.Many<OrderView> live = Sinks.many().unicast().onBackpressureBuffer();
		// cancelling the subscription completes its updates, and so this feed
		result.updates().subscribe(live::tryEmitNext, live::tryEmitError, live::tryEmitComplete);
		List<OrderView> snapshot;
		try {
			snapshot = result.initialResult().blockOptional().orElse(List.of());
		}
		catch (RuntimeException ex) {
			result.cancel();
			throw ex;
		}
		if (snapshot.size() > max) {
			result.cancel();
			String what = (from != null) ? "changed since " + from : "are pending";
			throw new InvalidRequestException(
					"More than " + max + " orders of customer '" + customerId + "' " + what
							+ ": read them with GET /api/orders?customerId=" + customerId
							+ " and follow from the newest updatedAt read (?since=...).",
					List.of(new FieldProblem((sinceName != null) ? sinceName : "customerId",
							"more than " + max + " orders to send first")));
		}
		// a change read again after the snapshot had it is not sent twice
		Map<OrderId, Instant> inSnapshot = new ConcurrentHashMap<>();
		snapshot.forEach((view) -> inSnapshot.put(view.orderId(), view.updatedAt()));
		Flux<OrderView> changes = live.asFlux().filter((view) -> {
			Instant sent = inSnapshot.get(view.orderId());
			if (sent == null) {
				return true;
			}
			if (!view.updatedAt().isAfter(sent)) {
				return false;
			}
			inSnapshot.remove(view.orderId());
			return true;
		});
		AtomicReference<Instant> newest = new AtomicReference<>(Instant.EPOCH);
		Flux<SseEmitter.SseEventBuilder> events = Flux.concat(Flux.fromIterable(snapshot), changes)
			.map((view) -> SseEmitter.event()
				.id(newest.accumulateAndGet(view.updatedAt(), (a, b) -> a.isAfter(b) ? a : b).toString())
				.name(EVENT_NAME)
				.data(view, MediaType.APPLICATION_JSON));
		return stream(events, result::cancel, release);
	}

	/**
	 * Sends the events, with a heartbeat, until they end, the client leaves or the
	 * timeout; every way it ends cancels the subscription and gives the permit back.
	 */
	private SseEmitter stream(Flux<SseEmitter.SseEventBuilder> events, Runnable cancel, Runnable release) {
		SseEmitter emitter = new SseEmitter(this.settings.updatesTimeout().toMillis());
		// A client that went away is noticed only when something is written to it, and
		// an approved order may not change for the stream's whole life: a comment goes
		// out every heartbeat, and a failed write ends the subscription.
		Disposable.Swap heartbeat = Disposables.swap();
		// every way a stream ends comes here, some more than once; it acts once, as
		// Axon's cancel completes the updates and throws when they already are
		AtomicBoolean ended = new AtomicBoolean();
		Runnable end = () -> {
			if (!ended.compareAndSet(false, true)) {
				return;
			}
			try {
				heartbeat.dispose();
				cancel.run();
			}
			finally {
				release.run();
			}
		};
		heartbeat.update(Flux.interval(this.settings.updatesHeartbeat())
			.subscribe((tick) -> send(emitter, SseEmitter.event().comment("heartbeat"), end)));
		emitter.onCompletion(end);
		emitter.onTimeout(() -> {
			end.run();
			ifStillOpen(emitter::complete);
		});
		emitter.onError((ex) -> end.run());
		// The response's headers go out from the request's own thread, before any other
		// thread writes: a first write or completion from another thread while the
		// request thread still ran through the filters raced with them on the headers
		// (Tomcat threw, and the client never got an answer). Clients ignore a comment.
		send(emitter, SseEmitter.event().comment("open"), end);
		events.publishOn(Schedulers.boundedElastic())
			.subscribe((event) -> send(emitter, event, end), (ex) -> ifStillOpen(() -> emitter.completeWithError(ex)),
					() -> ifStillOpen(emitter::complete));
		return emitter;
	}

	private static void send(SseEmitter emitter, SseEmitter.SseEventBuilder event, Runnable end) {
		try {
			// the view stream and the heartbeat write from different threads
			synchronized (emitter) {
				emitter.send(event);
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client went away; the container ends the request itself
			end.run();
		}
	}

	/** Ends the stream unless the container already ended it after an error. */
	private static void ifStillOpen(Runnable completion) {
		try {
			completion.run();
		}
		catch (IllegalStateException ex) {
			// already over
		}
	}

}
