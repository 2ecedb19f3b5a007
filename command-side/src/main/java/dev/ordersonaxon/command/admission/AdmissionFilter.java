package dev.ordersonaxon.command.admission;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ordersonaxon.api.ProblemType;
import dev.ordersonaxon.web.SecurityHeaders;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.RequestPath;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Keeps the door on {@code POST /api/orders}: a placement is refused (see
 * {@link OrderAdmission}) before its caller is authenticated and before its body is read,
 * parsed or validated, so that a refusal costs next to nothing while the node is busiest.
 * An admitted placement is counted in flight until it is answered.
 * <p>
 * Standing before Spring Security, the door answers anyone: while the node is overloaded
 * a placement without a valid token, or with a malformed body, is answered 503 rather
 * than 401 or 400, and its repeat later gets the 401 or 400. What a refusal tells (how
 * far behind the saga is, how many orders it decides) is what a load balancer's 503 would
 * imply. The path is matched as Spring MVC matches it (decoded, path parameters left
 * out), so no spelling of it reaches the controller past the door.
 * <p>
 * The refusal is written here, not thrown to Spring MVC's exception handlers: they look
 * up a handler, negotiate the content type and convert a {@code ProblemDetail}, which
 * cost more than the rest of a refusal together, a hundred and more times a second.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class AdmissionFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(AdmissionFilter.class);

	private static final PathPattern PLACE_ORDER = PathPatternParser.defaultInstance.parse("/api/orders");

	private final OrderAdmission admission;

	private final JsonMapper json;

	AdmissionFilter(OrderAdmission admission, JsonMapper json) {
		this.admission = admission;
		this.json = json;
	}

	/**
	 * Only {@code POST /api/orders}, matched as Spring MVC matches it; a later dispatch
	 * of a request (async, error) is never filtered again ({@link OncePerRequestFilter}).
	 */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || !PLACE_ORDER
			.matches(RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			this.admission.admit();
		}
		catch (OrdersOverloadedException ex) {
			refuse(request, response, ex);
			return;
		}
		Exception unhandled = null;
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			unhandled = ex;
			throw ex;
		}
		finally {
			if (unhandled == null && request.isAsyncStarted()) {
				request.getAsyncContext().addListener(new AnsweredLater(response));
			}
			else {
				this.admission.answered(mayBeStored(response.getStatus(), unhandled));
			}
		}
	}

	/**
	 * 503 {@code /problems/overloaded} with Retry-After: the problem document the API
	 * answers everywhere, with how far behind the saga was and how many orders it was
	 * deciding at the last measurement. A client gone before it is written hears nothing,
	 * and nothing more is done for it: it was refused either way.
	 */
	private void refuse(HttpServletRequest request, HttpServletResponse response, OrdersOverloadedException ex) {
		ProblemType type = ProblemType.OVERLOADED;
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", type.type());
		problem.put("title", type.title());
		problem.put("status", type.status());
		problem.put("detail", ex.getMessage());
		problem.put("instance", request.getRequestURI());
		problem.put("sagaLagMillis", ex.backlog().lag().toMillis());
		problem.put("pendingOrders", ex.backlog().pendingOrders());
		response.setStatus(type.status());
		// Spring Security's header writer, which comes later, never sees this answer
		SecurityHeaders.addTo(response);
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()));
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		try {
			this.json.writeValue(response.getOutputStream(), problem);
		}
		catch (IOException | JacksonIOException gone) {
			logger.debug("A refused placement's client left before its answer: {}", gone.toString());
		}
	}

	/**
	 * Whether the order may be stored: unless a 4xx says it was not. A 5xx (a command
	 * that timed out, the database away mid-commit) or an unhandled failure cannot tell.
	 */
	static boolean mayBeStored(int status, Exception unhandled) {
		return unhandled != null || status < 400 || status >= 500;
	}

	/** An admitted placement answered asynchronously: counted when its answer is. */
	private final class AnsweredLater implements AsyncListener {

		private final HttpServletResponse response;

		AnsweredLater(HttpServletResponse response) {
			this.response = response;
		}

		@Override
		public void onComplete(AsyncEvent event) {
			AdmissionFilter.this.admission.answered(mayBeStored(this.response.getStatus(), null));
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			// the error dispatch that follows completes the request
		}

		@Override
		public void onError(AsyncEvent event) {
			// the error dispatch that follows completes the request
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			event.getAsyncContext().addListener(this);
		}

	}

}
