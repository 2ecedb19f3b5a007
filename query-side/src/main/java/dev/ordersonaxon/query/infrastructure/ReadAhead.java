package dev.ordersonaxon.query.infrastructure;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.axonframework.messaging.Message;

/**
 * How a projection reads its views: one query for the views of many keys, and which
 * payload types change a view that already exists, with the key each names.
 * {@link BatchedWrites} reads with it the views of a whole batch at the first view the
 * batch asks for that it does not hold, and any other view alone.
 * <p>
 * Without it, every such event cost one single-row {@code SELECT} unless an earlier event
 * of its batch had already changed that view: about 178,000 of them in a replay of
 * 1,000,000 events, for the customer and product views alone.
 *
 * @param <K> the view's key
 * @param <V> the view
 */
public final class ReadAhead<K, V> {

	private final Map<Class<?>, Function<Object, ? extends K>> keys;

	private final BiFunction<String, Collection<K>, Map<K, V>> read;

	private ReadAhead(Map<Class<?>, Function<Object, ? extends K>> keys,
			BiFunction<String, Collection<K>, Map<K, V>> read) {
		this.keys = keys;
		this.read = read;
	}

	/**
	 * @param read the views of the keys in the table named, by key; a key without a view
	 * is left out
	 */
	public static <K, V> ReadAhead<K, V> reading(BiFunction<String, Collection<K>, Map<K, V>> read) {
		return new ReadAhead<>(Map.of(), read);
	}

	/** Also reads ahead for events of the type, by the key the event names. */
	public <E> ReadAhead<K, V> on(Class<E> type, Function<? super E, ? extends K> key) {
		Map<Class<?>, Function<Object, ? extends K>> more = new HashMap<>(this.keys);
		more.put(type, (event) -> key.apply(type.cast(event)));
		return new ReadAhead<>(Map.copyOf(more), this.read);
	}

	/**
	 * The key the message's event names, or {@code null}. Only an event of a type given
	 * here is deserialized.
	 */
	K keyOf(Message<?> message) {
		Function<Object, ? extends K> key = this.keys.get(message.getPayloadType());
		return (key != null) ? key.apply(message.getPayload()) : null;
	}

	Map<K, V> read(String table, Collection<K> keys) {
		return this.read.apply(table, keys);
	}

}
