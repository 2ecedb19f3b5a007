package dev.ordersonaxon.query.order;

import java.util.List;

import dev.ordersonaxon.api.order.OrderView;

/**
 * A page of the order list as the API answers it: the shared page shape and the cursor of
 * the next page. A page asked for by cursor is not counted: its number and totals are
 * null.
 *
 * @param content the orders, newest first
 * @param page the page number, from 0, or null for a page asked for by cursor
 * @param size the most orders a page holds
 * @param totalElements the orders matching the filters, or null for a page asked for by
 * cursor
 * @param totalPages the pages of that size, or null for a page asked for by cursor
 * @param next the cursor of the next page, or null on the last page
 */
record OrderPage(List<OrderView> content, Integer page, int size, Long totalElements, Integer totalPages, String next) {

	static OrderPage numbered(OrderListing listing, int page, int size, String next) {
		long total = listing.totalElements();
		return new OrderPage(listing.content(), page, size, total, (int) ((total + size - 1) / size), next);
	}

	static OrderPage byCursor(OrderListing listing, int size, String next) {
		return new OrderPage(listing.content(), null, size, null, null, next);
	}

}
