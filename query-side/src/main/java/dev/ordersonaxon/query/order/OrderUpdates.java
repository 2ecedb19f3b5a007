package dev.ordersonaxon.query.order;

import java.io.IOException;
import java.util.Optional;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import dev.ordersonaxon.api.order.FindOrderQuery;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderView;
import dev.ordersonaxon.query.infrastructure.QuerySideSettings;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Streams an order's view as server-sent events from a subscription query: the current
 * view first, then every change. The stream ends when the order is rejected or cancelled
 * (an approved order may still be cancelled), or after the configured timeout, whichever
 * comes first; the client reconnects if it wants more.
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
		SseEmitter emitter = new SseEmitter(this.settings.updatesTimeout().toMillis());
		// A client that went away is noticed only when something is written to it, and
		// an approved order may not change for the stream's whole life: a comment goes
		// out every heartbeat, and a failed write ends the subscription.
		Disposable.Swap heartbeat = Disposables.swap();
		// every way a stream ends comes here, some more than once
		Runnable end = () -> {
			heartbeat.dispose();
			result.cancel();
			release.run();
		};
		heartbeat.update(Flux.interval(this.settings.updatesHeartbeat())
			.subscribe((tick) -> send(emitter, SseEmitter.event().comment("heartbeat"), end)));
		emitter.onCompletion(end);
		emitter.onTimeout(() -> {
			end.run();
			ifStillOpen(emitter::complete);
		});
		emitter.onError((ex) -> end.run());
		Flux.concat(Flux.fromStream(current.stream()), result.updates())
			.takeUntil((view) -> view.status().isFinal())
			.publishOn(Schedulers.boundedElastic())
			.subscribe(
					(view) -> send(emitter, SseEmitter.event().name(EVENT_NAME).data(view, MediaType.APPLICATION_JSON),
							end),
					(ex) -> ifStillOpen(() -> emitter.completeWithError(ex)), () -> ifStillOpen(emitter::complete));
		return Optional.of(emitter);
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
