package dev.ordersonaxon.api;

import java.util.List;

/** One page of a query's results, numbered from 0. */
public record PageView<T>(List<T> content, int page, int size, long totalElements, int totalPages) {

	public PageView {
		content = List.copyOf(content);
	}

	public static <T> PageView<T> of(List<T> content, int page, int size, long totalElements) {
		int totalPages = (int) ((totalElements + size - 1) / size);
		return new PageView<>(content, page, size, totalElements, totalPages);
	}

}
