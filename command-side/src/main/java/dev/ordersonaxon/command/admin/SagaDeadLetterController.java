package dev.ordersonaxon.command.admin;

import java.util.NoSuchElementException;

import dev.ordersonaxon.eventstore.deadletters.DeadLetterPage;
import dev.ordersonaxon.eventstore.deadletters.DeadLetters;
import dev.ordersonaxon.eventstore.deadletters.EvictResult;
import dev.ordersonaxon.eventstore.deadletters.RetryAllResult;
import dev.ordersonaxon.eventstore.deadletters.RetryResult;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The saga's parked events: list them, retry one order's or all, evict one order's. The
 * paths and answers are the query side's ({@code /api/admin/dead-letters} there lists the
 * projections' parked events); the only processing group here is {@code order-saga}, and
 * a sequence is an order id.
 */
@RestController
// produces: an Accept that JSON cannot satisfy is refused (406) before the command is
// sent,
// not after it was applied
@RequestMapping(path = "/api/admin/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
class SagaDeadLetterController {

	private static final int MAX_PAGE_SIZE = 100;

	private final DeadLetters deadLetters;

	SagaDeadLetterController(DeadLetters deadLetters) {
		this.deadLetters = deadLetters;
	}

	@GetMapping
	DeadLetterPage deadLetters(@RequestParam(required = false) String group, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		requireKnown(group);
		if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
			throw new IllegalArgumentException("page must be at least 0 and size between 1 and " + MAX_PAGE_SIZE
					+ ": page=" + page + ", size=" + size);
		}
		return this.deadLetters.page(group, page, size);
	}

	@PostMapping("/{group}/{sequenceIdentifier}/retry")
	RetryResult retry(@PathVariable String group, @PathVariable String sequenceIdentifier) {
		return this.deadLetters.retry(group, sequenceIdentifier)
			.orElseThrow(() -> notParked(group, sequenceIdentifier));
	}

	/** Retries every parked order, of one group if {@code group} is given. */
	@PostMapping("/retry")
	RetryAllResult retryAll(@RequestParam(required = false) String group) {
		requireKnown(group);
		return this.deadLetters.retryAll(group);
	}

	@DeleteMapping("/{group}/{sequenceIdentifier}")
	EvictResult evict(@PathVariable String group, @PathVariable String sequenceIdentifier) {
		int evicted = this.deadLetters.evict(group, sequenceIdentifier);
		if (evicted == 0) {
			throw notParked(group, sequenceIdentifier);
		}
		return new EvictResult(group, sequenceIdentifier, evicted);
	}

	private void requireKnown(String group) {
		if (group != null && !this.deadLetters.hasGroup(group)) {
			throw new IllegalArgumentException("group must be one of " + this.deadLetters.groups() + ": " + group);
		}
	}

	private NoSuchElementException notParked(String group, String sequenceIdentifier) {
		return new NoSuchElementException("Nothing is parked for sequence '" + sequenceIdentifier
				+ "' in processing group '" + group + "'; processing groups are " + this.deadLetters.groups());
	}

}
