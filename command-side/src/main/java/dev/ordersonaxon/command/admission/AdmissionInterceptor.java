package dev.ordersonaxon.command.admission;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ordersonaxon.api.ProblemType;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Keeps the door on {@code POST /api/orders}: a placement is refused (see
 * {@link OrderAdmission}) before its body is read, parsed or validated, so that a refusal
 * costs next to nothing while the node is busiest. Under overload even a malformed order
 * is answered 503 rather than 400; its repeat later gets the 400. An admitted placement
 * is counted in flight until it is answered.
 * <p>
 * The refusal is written here, not thrown to Spring MVC's exception handlers: they look
 * up a handler, negotiate the content type and convert a {@code ProblemDetail}, which
 * cost more than the rest of a refusal together, a hundred and more times a second.
 */
@Component
class AdmissionInterceptor implements HandlerInterceptor, WebMvcConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(AdmissionInterceptor.class);

	private static final String PLACE_ORDER = "/api/orders";

	private final OrderAdmission admission;

	private final JsonMapper json;

	AdmissionInterceptor(OrderAdmission admission, JsonMapper json) {
		this.admission = admission;
		this.json = json;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this).addPathPatterns(PLACE_ORDER);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (isPlacement(request)) {
			try {
				this.admission.admit();
			}
			catch (OrdersOverloadedException ex) {
				refuse(request, response, ex);
				return false;
			}
		}
		return true;
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
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()));
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		try {
			this.json.writeValue(response.getOutputStream(), problem);
		}
		catch (IOException | JacksonIOException gone) {
			logger.debug("A refused placement's client left before its answer: {}", gone.toString());
		}
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		// only for requests whose preHandle passed: an admitted placement, now answered
		if (isPlacement(request)) {
			this.admission.answered(mayBeStored(response.getStatus(), ex));
		}
	}

	/** A placement's own request, not a later dispatch of it (async, error). */
	private static boolean isPlacement(HttpServletRequest request) {
		return "POST".equals(request.getMethod()) && request.getDispatcherType() == DispatcherType.REQUEST;
	}

	/**
	 * Whether the order may be stored: unless a 4xx says it was not. A 5xx (a command
	 * that timed out, the database away mid-commit) or an unhandled failure cannot tell.
	 */
	static boolean mayBeStored(int status, Exception unhandled) {
		return unhandled != null || status < 400 || status >= 500;
	}

}
