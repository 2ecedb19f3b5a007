package dev.ordersonaxon.eventstore.caching;

import java.util.ArrayList;
import java.util.List;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LruCacheTest {

	final LruCache cache = new LruCache(2);

	@Test
	void dropsTheLeastRecentlyUsedEntryBeyondItsCapacity() {
		this.cache.put("a", 1);
		this.cache.put("b", 2);
		this.cache.get("a");
		this.cache.put("c", 3);

		assertThat(this.cache.containsKey("a")).isTrue();
		assertThat(this.cache.containsKey("b")).isFalse();
		assertThat(this.cache.<String, Integer>get("c")).isEqualTo(3);
		assertThat(this.cache.size()).isEqualTo(2);
	}

	@Test
	void putIfAbsentKeepsWhatIsThere() {
		assertThat(this.cache.putIfAbsent("a", 1)).isTrue();
		assertThat(this.cache.putIfAbsent("a", 2)).isFalse();
		assertThat(this.cache.<String, Integer>get("a")).isEqualTo(1);
	}

	@Test
	void removesAndUpdatesEntries() {
		this.cache.put("a", 1);
		this.cache.computeIfPresent("a", (Integer value) -> value + 1);
		this.cache.computeIfPresent("missing", (Integer value) -> value + 1);
		assertThat(this.cache.<String, Integer>get("a")).isEqualTo(2);
		assertThat(this.cache.containsKey("missing")).isFalse();

		assertThat(this.cache.remove("a")).isTrue();
		assertThat(this.cache.remove("a")).isFalse();
		this.cache.put("b", 1);
		this.cache.removeAll();
		assertThat(this.cache.size()).isZero();
	}

	@Test
	void tellsListenersWhatHappenedUntilTheyUnregister() {
		List<String> seen = new ArrayList<>();
		Registration registration = this.cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
			@Override
			public void onEntryCreated(Object key, Object value) {
				seen.add("created " + key);
			}

			@Override
			public void onEntryUpdated(Object key, Object value) {
				seen.add("updated " + key);
			}

			@Override
			public void onEntryRemoved(Object key) {
				seen.add("removed " + key);
			}

			@Override
			public void onEntryExpired(Object key) {
				seen.add("expired " + key);
			}

			@Override
			public void onEntryRead(Object key, Object value) {
				seen.add("read " + key);
			}
		});
		this.cache.put("a", 1);
		this.cache.put("a", 2);
		this.cache.get("a");
		this.cache.put("b", 1);
		this.cache.put("c", 1);
		this.cache.remove("c");
		registration.cancel();
		this.cache.put("d", 1);

		assertThat(seen).containsExactly("created a", "updated a", "read a", "created b", "created c", "expired a",
				"removed c");
	}

	@Test
	void refusesACapacityBelowOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LruCache(0));
	}

}
