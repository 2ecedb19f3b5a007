package dev.ordersonaxon.query.order;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How far and how much the order endpoints answer in one request.
 *
 * @param maxOffset the most orders a page number may skip ({@code page * size}); deeper
 * pages are reached by cursor only, since an offset costs a scan of every row it skips
 * @param eventsSize events in one answer of an order's event history when the client does
 * not ask for a size
 * @param eventsMaxSize most events in one answer of an order's event history
 */
@ConfigurationProperties("query-side.paging")
record PagingSettings(Integer maxOffset, Integer eventsSize, Integer eventsMaxSize) {

	PagingSettings {
		if (maxOffset == null) {
			maxOffset = 10_000;
		}
		if (eventsSize == null) {
			eventsSize = 100;
		}
		if (eventsMaxSize == null) {
			eventsMaxSize = 1_000;
		}
		if (maxOffset < 0) {
			throw new IllegalArgumentException("query-side.paging.max-offset must be 0 or greater: " + maxOffset);
		}
		if (eventsSize < 1 || eventsSize > eventsMaxSize) {
			throw new IllegalArgumentException("query-side.paging.events-size must be between 1 and "
					+ "query-side.paging.events-max-size: " + eventsSize + ", " + eventsMaxSize);
		}
	}

}
