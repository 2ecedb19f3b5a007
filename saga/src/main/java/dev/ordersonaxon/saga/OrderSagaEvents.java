package dev.ordersonaxon.saga;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.eventhandling.EventHandler;

/**
 * The event types the order saga's processor hands to a handler, by class name as the
 * event store records them: the events it has to keep up with. Its processor passes over
 * every other event, and may record having done so up to a second later (Axon's event
 * availability timeout), so a backlog of those means nothing.
 */
public final class OrderSagaEvents {

	private static final Set<String> HANDLED = Stream.of(OrderSaga.class, ApprovedOrderCancellation.class)
		.flatMap((handler) -> Arrays.stream(handler.getDeclaredMethods()))
		.filter((method) -> AnnotationUtils.isAnnotationPresent(method, EventHandler.class))
		.map(OrderSagaEvents::payloadType)
		.collect(Collectors.toUnmodifiableSet());

	private OrderSagaEvents() {
	}

	/** Class names of the events the saga and the approved-order cancellation handle. */
	public static Set<String> handledTypes() {
		return HANDLED;
	}

	private static String payloadType(Method handler) {
		return handler.getParameterTypes()[0].getName();
	}

}
