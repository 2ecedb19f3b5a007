package dev.ordersonaxon.query.order;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;

import dev.ordersonaxon.api.Identifiers;
import jakarta.servlet.http.HttpServletRequest;
import dev.ordersonaxon.api.PageView;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.FindOrderQuery;
import dev.ordersonaxon.api.order.FindOrdersQuery;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderStatus;
import dev.ordersonaxon.api.order.OrderView;
import dev.ordersonaxon.query.infrastructure.Ids;
import dev.ordersonaxon.query.infrastructure.InvalidRequestException;
import dev.ordersonaxon.query.infrastructure.InvalidRequestException.FieldProblem;
import dev.ordersonaxon.query.infrastructure.NotFoundException;
import dev.ordersonaxon.query.infrastructure.PageResponseType;
import dev.ordersonaxon.query.infrastructure.Paging;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping("/api/orders")
class OrderController {

	private final QueryGateway queries;

	private final OrderEventHistory history;

	private final OrderUpdates updates;

	OrderController(QueryGateway queries, OrderEventHistory history, OrderUpdates updates) {
		this.queries = queries;
		this.history = history;
		this.updates = updates;
	}

	@GetMapping("/{id}")
	OrderView order(@PathVariable String id) {
		return this.queries.query(new FindOrderQuery(orderId(id)), ResponseTypes.optionalInstanceOf(OrderView.class))
			.join()
			.orElseThrow(() -> notFound(id));
	}

	@GetMapping
	PageView<OrderView> orders(@RequestParam(required = false) String customerId,
			@RequestParam(required = false) String status, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		List<FieldProblem> errors = new ArrayList<>();
		CustomerId customer = null;
		if (customerId != null) {
			if (customerId.matches(Identifiers.PATTERN)) {
				customer = new CustomerId(customerId);
			}
			else {
				errors.add(new FieldProblem("customerId", "must match " + Identifiers.PATTERN));
			}
		}
		OrderStatus orderStatus = null;
		if (status != null) {
			try {
				orderStatus = OrderStatus.valueOf(status.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				errors.add(new FieldProblem("status", "must be one of " + List.of(OrderStatus.values())));
			}
		}
		Paging.validate(page, size, errors);
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(errors);
		}
		return this.queries
			.query(new FindOrdersQuery(customer, orderStatus, page, size), PageResponseType.pageOf(OrderView.class))
			.join();
	}

	@GetMapping("/{id}/events")
	List<OrderEvent> events(@PathVariable String id) {
		List<OrderEvent> events = this.history.of(orderId(id));
		if (events.isEmpty()) {
			throw notFound(id);
		}
		return events;
	}

	@GetMapping(path = "/{id}/updates", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter updates(@PathVariable String id, HttpServletRequest request) {
		return this.updates.follow(orderId(id), request.getRemoteAddr()).orElseThrow(() -> notFound(id));
	}

	private static OrderId orderId(String id) {
		return Ids.parse(id, OrderId::new, "order");
	}

	private static NotFoundException notFound(String id) {
		return new NotFoundException("No order with id '" + id + "'");
	}

}
