package dev.ordersonaxon.command.web;

import java.util.Collections;
import java.util.List;

import dev.ordersonaxon.command.idempotency.IdempotencyKey;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Gives a controller method the request's {@code Idempotency-Key} as an
 * {@link IdempotencyKey} parameter; a malformed key is refused (400) before the body is
 * read.
 */
@Configuration(proxyBeanMethods = false)
class IdempotencyKeyResolver implements WebMvcConfigurer, HandlerMethodArgumentResolver {

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(this);
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == IdempotencyKey.class;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
		HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
		List<String> values = (request != null) ? Collections.list(request.getHeaders(IdempotencyKey.HEADER))
				: List.of();
		if (values.size() > 1) {
			throw new IdempotencyKey.InvalidIdempotencyKeyException("must be sent once");
		}
		return IdempotencyKey.of(values.isEmpty() ? null : values.get(0), (request != null) ? request.getMethod() : "",
				(request != null) ? request.getRequestURI() : "");
	}

}
