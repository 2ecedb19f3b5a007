package dev.ordersonaxon.query.infrastructure;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

import org.axonframework.messaging.responsetypes.InstanceResponseType;

import dev.ordersonaxon.api.PageView;

/**
 * Expects a {@link PageView} of the given element type. Axon's instance response type
 * matches only handlers declared with a raw class, never {@code PageView<CustomerView>}.
 *
 * @param <T> the element type
 */
public final class PageResponseType<T> extends InstanceResponseType<PageView<T>> {

	private final Class<T> elementType;

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private PageResponseType(Class<T> elementType) {
		super((Class) PageView.class);
		this.elementType = elementType;
	}

	public static <T> PageResponseType<T> pageOf(Class<T> elementType) {
		return new PageResponseType<>(elementType);
	}

	@Override
	public boolean matches(Type responseType) {
		return (responseType instanceof ParameterizedType parameterized) ? parameterized.getRawType() == PageView.class
				&& parameterized.getActualTypeArguments()[0] == this.elementType : super.matches(responseType);
	}

}
