package dev.ordersonaxon.eventstore.deadletters;

import java.util.List;

/** A page of parked events, shaped like every other page of the APIs. */
public record DeadLetterPage(List<DeadLetterItem> content, int page, int size, long totalElements, long totalPages) {

	static DeadLetterPage of(List<DeadLetterItem> content, int page, int size, long totalElements) {
		return new DeadLetterPage(content, page, size, totalElements, (totalElements + size - 1) / size);
	}

}
