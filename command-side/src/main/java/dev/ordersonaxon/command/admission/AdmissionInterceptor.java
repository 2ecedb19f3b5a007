package dev.ordersonaxon.command.admission;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

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
 */
@Component
class AdmissionInterceptor implements HandlerInterceptor, WebMvcConfigurer {

	private static final String PLACE_ORDER = "/api/orders";

	private final OrderAdmission admission;

	AdmissionInterceptor(OrderAdmission admission) {
		this.admission = admission;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this).addPathPatterns(PLACE_ORDER);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (isPlacement(request)) {
			this.admission.admit();
		}
		return true;
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
