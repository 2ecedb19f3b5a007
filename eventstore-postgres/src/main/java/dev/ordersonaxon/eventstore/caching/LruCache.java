package dev.ordersonaxon.eventstore.caching;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * An in-memory cache of at most a fixed number of entries, dropping the least recently
 * used. Entries are held strongly: Axon's {@code WeakReferenceCache} lost most aggregates
 * at the next young collection, so that in a profile every second saga command still
 * rebuilt its aggregate from the event store.
 */
public final class LruCache implements Cache {

	private final int capacity;

	private final Map<Object, Object> entries;

	private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();

	public LruCache(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
		}
		this.capacity = capacity;
		this.entries = new LinkedHashMap<>(16, 0.75f, true);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <K, V> V get(K key) {
		Object value;
		synchronized (this.entries) {
			value = this.entries.get(key);
		}
		if (value != null) {
			this.listeners.forEach((listener) -> listener.onEntryRead(key, value));
		}
		return (V) value;
	}

	@Override
	public void put(Object key, Object value) {
		Object previous;
		List<Object> evicted;
		synchronized (this.entries) {
			previous = this.entries.put(key, value);
			evicted = evictOverCapacity();
		}
		if (previous == null) {
			this.listeners.forEach((listener) -> listener.onEntryCreated(key, value));
		}
		else {
			this.listeners.forEach((listener) -> listener.onEntryUpdated(key, value));
		}
		notifyExpired(evicted);
	}

	@Override
	public boolean putIfAbsent(Object key, Object value) {
		List<Object> evicted;
		synchronized (this.entries) {
			if (this.entries.containsKey(key)) {
				return false;
			}
			this.entries.put(key, value);
			evicted = evictOverCapacity();
		}
		this.listeners.forEach((listener) -> listener.onEntryCreated(key, value));
		notifyExpired(evicted);
		return true;
	}

	@Override
	public boolean remove(Object key) {
		boolean removed;
		synchronized (this.entries) {
			removed = this.entries.remove(key) != null;
		}
		if (removed) {
			this.listeners.forEach((listener) -> listener.onEntryRemoved(key));
		}
		return removed;
	}

	@Override
	public void removeAll() {
		List<Object> keys;
		synchronized (this.entries) {
			keys = new ArrayList<>(this.entries.keySet());
			this.entries.clear();
		}
		keys.forEach((key) -> this.listeners.forEach((listener) -> listener.onEntryRemoved(key)));
	}

	@Override
	public boolean containsKey(Object key) {
		synchronized (this.entries) {
			return this.entries.containsKey(key);
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
		Object updated;
		synchronized (this.entries) {
			updated = this.entries.computeIfPresent(key, (k, value) -> update.apply((V) value));
		}
		if (updated != null) {
			this.listeners.forEach((listener) -> listener.onEntryUpdated(key, updated));
		}
	}

	@Override
	public Registration registerCacheEntryListener(EntryListener listener) {
		this.listeners.add(listener);
		return () -> this.listeners.remove(listener);
	}

	/** How many entries it holds now. */
	public int size() {
		synchronized (this.entries) {
			return this.entries.size();
		}
	}

	private List<Object> evictOverCapacity() {
		List<Object> evicted = new ArrayList<>(1);
		var eldest = this.entries.keySet().iterator();
		while (this.entries.size() > this.capacity) {
			evicted.add(eldest.next());
			eldest.remove();
		}
		return evicted;
	}

	private void notifyExpired(List<Object> keys) {
		keys.forEach((key) -> this.listeners.forEach((listener) -> listener.onEntryExpired(key)));
	}

}
