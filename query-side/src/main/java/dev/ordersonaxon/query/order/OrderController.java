package dev.ordersonaxon.query.order;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;

import dev.ordersonaxon.api.Identifiers;
import jakarta.servlet.http.HttpServletRequest;
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
import dev.ordersonaxon.query.infrastructure.Paging;

import dev.ordersonaxon.web.security.CallerScope;
import dev.ordersonaxon.web.security.Role;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

@RestController
@RequestMapping("/api/orders")
class OrderController {

	// what a resume time may be: a range PostgreSQL stores, less the resume margin
	private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

	private final QueryGateway queries;

	private final OrderEventHistory history;

	private final OrderUpdates updates;

	private final PagingSettings paging;

	private final CallerScope caller;

	OrderController(QueryGateway queries, OrderEventHistory history, OrderUpdates updates, PagingSettings paging,
			CallerScope caller) {
		this.queries = queries;
		this.history = history;
		this.updates = updates;
		this.paging = paging;
		this.caller = caller;
	}

	/** A customer's token reads its own orders only; any other is not found. */
	@GetMapping("/{id}")
	OrderView order(@PathVariable String id) {
		return this.queries.query(new FindOrderQuery(orderId(id)), ResponseTypes.optionalInstanceOf(OrderView.class))
			.join()
			.filter((order) -> this.caller.reaches(Role.VIEWER, order.customerId().value()))
			.orElseThrow(() -> notFound(id));
	}

	/**
	 * The order list, newest first, by page number (counted, as deep as
	 * {@code query-side.paging.max-offset}) or by the cursor of a previous page (not
	 * counted, as deep as the list goes). A customer's token lists its own orders only:
	 * the customerId filter is its own, and naming another is refused.
	 */
	@GetMapping
	ResponseEntity<OrderPage> orders(@RequestParam(required = false) String customerId,
			@RequestParam(required = false) String status, @RequestParam(required = false) Integer page,
			@RequestParam(defaultValue = "20") int size, @RequestParam(required = false) String cursor) {
		Optional<String> own = this.caller.confinement(Role.VIEWER);
		if (own.isPresent()) {
			if (customerId != null && !customerId.equals(own.get())) {
				throw new AccessDeniedException("another customer's orders");
			}
			customerId = own.get();
		}
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
		OrderCursor after = null;
		if (cursor != null) {
			after = readCursor(cursor, customer, orderStatus, errors);
			if (page != null) {
				errors.add(new FieldProblem("page", "cannot be combined with cursor"));
			}
		}
		int pageNumber = (page != null) ? page : 0;
		Paging.validate(pageNumber, size, errors);
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(errors);
		}
		int maxOffset = this.paging.maxOffset();
		if (after == null && (long) pageNumber * size > maxOffset) {
			throw new InvalidRequestException(
					"Page numbers reach no deeper than " + maxOffset
							+ " orders (page * size); to read further, follow the cursor: pass the `next` of a page as "
							+ "?cursor=... with the same filters.",
					List.of(new FieldProblem("page", "page * size must be at most " + maxOffset)));
		}
		OrderListing listing = this.queries
			.query((after != null) ? new FindOrdersAfterQuery(customer, orderStatus, after.key(), size)
					: new FindOrdersQuery(customer, orderStatus, pageNumber, size),
					ResponseTypes.instanceOf(OrderListing.class))
			.join();
		String next = nextCursor(listing, customer, orderStatus);
		OrderPage body = (after != null) ? OrderPage.byCursor(listing, size, next)
				: OrderPage.numbered(listing, pageNumber, size, next);
		ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
		if (next != null) {
			answer.header(HttpHeaders.LINK,
					nextLink(ServletUriComponentsBuilder.fromCurrentRequestUri()
						.replaceQuery(null)
						.queryParamIfPresent("customerId", Optional.ofNullable(customer))
						.queryParamIfPresent("status", Optional.ofNullable(orderStatus))
						.queryParam("size", size)
						.queryParam("cursor", next)));
		}
		return answer.body(body);
	}

	/**
	 * The order's events in sequence, {@code size} at a time; a {@code Link} header names
	 * the next part while more follow.
	 */
	@GetMapping("/{id}/events")
	ResponseEntity<List<OrderEvent>> events(@PathVariable String id, @RequestParam(required = false) Long afterSequence,
			@RequestParam(required = false) Integer size) {
		OrderId orderId = orderId(id);
		mustReach(orderId, id);
		List<FieldProblem> errors = new ArrayList<>();
		if (afterSequence != null && (afterSequence < 0 || afterSequence == Long.MAX_VALUE)) {
			errors.add(new FieldProblem("afterSequence", "must be between 0 and " + (Long.MAX_VALUE - 1)));
		}
		int maxSize = this.paging.eventsMaxSize();
		int pageSize = (size != null) ? size : this.paging.eventsSize();
		if (pageSize < 1 || pageSize > maxSize) {
			errors.add(new FieldProblem("size", "must be between 1 and " + maxSize));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(errors);
		}
		OrderEventHistory.Page events = this.history
			.after(orderId, (afterSequence != null) ? afterSequence : -1, pageSize)
			.orElseThrow(() -> notFound(id));
		ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
		if (events.more()) {
			long last = events.events().get(events.events().size() - 1).sequenceNumber();
			answer.header(HttpHeaders.LINK,
					nextLink(ServletUriComponentsBuilder.fromCurrentRequestUri()
						.replaceQuery(null)
						.queryParam("afterSequence", last)
						.queryParam("size", pageSize)));
		}
		return answer.body(events.events());
	}

	@GetMapping(path = "/{id}/updates", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter updates(@PathVariable String id, HttpServletRequest request) {
		OrderId orderId = orderId(id);
		mustReach(orderId, id);
		return this.updates.follow(orderId, request.getRemoteAddr()).orElseThrow(() -> notFound(id));
	}

	/**
	 * Every change of any order of one customer (see
	 * {@link OrderUpdates#followCustomer}). A customer's token follows its own customer
	 * only. {@code Last-Event-ID}, which a reconnecting {@code EventSource} sends, takes
	 * precedence over {@code since}.
	 */
	@GetMapping(path = "/updates", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter customerUpdates(@RequestParam(required = false) String customerId,
			@RequestParam(required = false) String since,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId, HttpServletRequest request) {
		Optional<String> own = this.caller.confinement(Role.VIEWER);
		if (own.isPresent() && customerId != null && !customerId.equals(own.get())) {
			throw new AccessDeniedException("another customer's orders");
		}
		List<FieldProblem> errors = new ArrayList<>();
		if (customerId == null || customerId.isBlank()) {
			errors.add(new FieldProblem("customerId", "is required"));
		}
		else if (!customerId.matches(Identifiers.PATTERN)) {
			errors.add(new FieldProblem("customerId", "must match " + Identifiers.PATTERN));
		}
		String sinceName = (lastEventId != null) ? "Last-Event-ID" : (since != null) ? "since" : null;
		Instant from = null;
		if (sinceName != null) {
			try {
				from = Instant.parse((lastEventId != null) ? lastEventId.trim() : since);
			}
			catch (DateTimeParseException ex) {
				errors.add(new FieldProblem(sinceName, "must be an ISO-8601 UTC time such as 2026-12-02T13:00:00Z"));
			}
			if (from != null && (from.isBefore(EARLIEST) || from.isAfter(LATEST))) {
				errors.add(new FieldProblem(sinceName, "must be between " + EARLIEST + " and " + LATEST));
				from = null;
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(errors);
		}
		return this.updates.followCustomer(new CustomerId(customerId), from, sinceName, request.getRemoteAddr());
	}

	private static String nextCursor(OrderListing listing, CustomerId customer, OrderStatus status) {
		return listing.next().map((key) -> OrderCursor.after(key, customer, status).encode()).orElse(null);
	}

	/**
	 * The cursor, if it is one this server made for these filters. Filters that could not
	 * be read (already in {@code errors}) are reported on their own, not as a mismatch.
	 */
	private static OrderCursor readCursor(String text, CustomerId customer, OrderStatus status,
			List<FieldProblem> errors) {
		OrderCursor cursor;
		try {
			cursor = OrderCursor.decode(text);
		}
		catch (IllegalArgumentException ex) {
			errors.add(new FieldProblem("cursor", "is not a cursor of this list: pass the `next` of a page unchanged"));
			return null;
		}
		if (errors.isEmpty() && !cursor.madeFor(customer, status)) {
			errors.add(new FieldProblem("cursor",
					"was made for other filters: repeat the customerId and status of the request that returned it"));
		}
		return cursor;
	}

	/**
	 * Refuses a customer's token an order of another customer as if it did not exist; the
	 * order's first event says whose it is.
	 */
	private void mustReach(OrderId orderId, String id) {
		Optional<String> own = this.caller.confinement(Role.VIEWER);
		if (own.isPresent() && !this.history.customerOf(orderId).map(CustomerId::value).equals(own)) {
			throw notFound(id);
		}
	}

	private static OrderId orderId(String id) {
		return Ids.parse(id, OrderId::new, "order");
	}

	/**
	 * RFC 8288; every value in the query is URL-safe as it is (ids, numbers, base64url).
	 */
	private static String nextLink(UriComponentsBuilder target) {
		return "<" + target.build().toUriString() + ">; rel=\"next\"";
	}

	private static NotFoundException notFound(String id) {
		return new NotFoundException("No order with id '" + id + "'");
	}

}
