package dev.ordersonaxon.query.admin;

import java.util.ArrayList;
import java.util.List;

import dev.ordersonaxon.eventstore.deadletters.DeadLetterPage;
import dev.ordersonaxon.eventstore.deadletters.DeadLetters;
import dev.ordersonaxon.eventstore.deadletters.EvictResult;
import dev.ordersonaxon.eventstore.deadletters.RetryAllResult;
import dev.ordersonaxon.eventstore.deadletters.RetryResult;
import dev.ordersonaxon.query.infrastructure.InvalidRequestException;
import dev.ordersonaxon.query.infrastructure.InvalidRequestException.FieldProblem;
import dev.ordersonaxon.query.infrastructure.NotFoundException;
import dev.ordersonaxon.query.infrastructure.Paging;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Events the projections parked: list them, retry one sequence or all, evict a sequence.
 * A retry handles the events again through the projection's own handlers, so once their
 * cause is fixed the view comes back in line without a replay.
 */
@RestController
// produces: an Accept that JSON cannot satisfy is refused (406) before a retry or replay
// starts, not after
@RequestMapping(path = "/api/admin/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
class DeadLetterAdminController {

	private final DeadLetters deadLetters;

	DeadLetterAdminController(DeadLetters deadLetters) {
		this.deadLetters = deadLetters;
	}

	@GetMapping
	DeadLetterPage deadLetters(@RequestParam(required = false) String group, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		List<FieldProblem> errors = new ArrayList<>();
		validateGroup(group, errors);
		Paging.validate(page, size, errors);
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(errors);
		}
		return this.deadLetters.page(group, page, size);
	}

	@PostMapping("/{group}/{sequenceIdentifier}/retry")
	RetryResult retry(@PathVariable String group, @PathVariable String sequenceIdentifier) {
		return this.deadLetters.retry(group, sequenceIdentifier)
			.orElseThrow(() -> notParked(group, sequenceIdentifier));
	}

	/** Retries every parked sequence, of one group if {@code group} is given. */
	@PostMapping("/retry")
	RetryAllResult retryAll(@RequestParam(required = false) String group) {
		List<FieldProblem> errors = new ArrayList<>();
		validateGroup(group, errors);
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(errors);
		}
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

	private void validateGroup(String group, List<FieldProblem> errors) {
		if (group != null && !this.deadLetters.hasGroup(group)) {
			errors.add(new FieldProblem("group", "must be one of " + this.deadLetters.groups()));
		}
	}

	private NotFoundException notParked(String group, String sequenceIdentifier) {
		return new NotFoundException("Nothing is parked for sequence '" + sequenceIdentifier + "' in processing group '"
				+ group + "'; processing groups are " + this.deadLetters.groups());
	}

}
