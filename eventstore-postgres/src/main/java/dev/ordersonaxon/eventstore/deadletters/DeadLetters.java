package dev.ordersonaxon.eventstore.deadletters;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What operators do with parked events, over the dead-letter queues of any number of
 * processing groups: list them, retry a sequence or all of them, evict a sequence, count
 * them.
 */
public final class DeadLetters {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetters.class);

	private final Map<String, DeadLetterGroup> groups = new LinkedHashMap<>();

	private final TransactionManager transactionManager;

	public DeadLetters(List<DeadLetterGroup> groups, TransactionManager transactionManager) {
		groups.forEach((group) -> this.groups.put(group.name(), group));
		this.transactionManager = transactionManager;
	}

	/** The processing groups, in the order given. */
	public List<String> groups() {
		return List.copyOf(this.groups.keySet());
	}

	public boolean hasGroup(String group) {
		return this.groups.containsKey(group);
	}

	/** Parked events per group, every group included. */
	public Map<String, Long> counts() {
		Map<String, Long> counts = new LinkedHashMap<>();
		this.groups.values().forEach((group) -> counts.put(group.name(), group.queue().size()));
		return counts;
	}

	/** Parked events of one group. */
	public long count(String group) {
		return scope(group).get(0).queue().size();
	}

	/**
	 * One page of parked events, group by group, each sequence's in order.
	 * @param group only this group's, or every group's when {@code null}
	 */
	public DeadLetterPage page(String group, int page, int size) {
		List<DeadLetterGroup> scope = scope(group);
		long total = 0;
		List<Long> sizes = new ArrayList<>();
		for (DeadLetterGroup each : scope) {
			long groupSize = each.queue().size();
			sizes.add(groupSize);
			total += groupSize;
		}
		List<DeadLetterItem> content = new ArrayList<>();
		long skip = (long) page * size;
		for (int i = 0; i < scope.size() && content.size() < size; i++) {
			if (skip >= sizes.get(i)) {
				skip -= sizes.get(i);
				continue;
			}
			DeadLetterGroup each = scope.get(i);
			letters: for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : each.queue().deadLetters()) {
				for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
					if (content.size() == size) {
						break letters;
					}
					if (skip > 0) {
						skip--;
					}
					else {
						content.add(DeadLetterItem.of(each.name(), letter));
					}
				}
			}
		}
		return DeadLetterPage.of(content, page, size, total);
	}

	/**
	 * Handles one sequence's parked events again, in order, until one fails again (it
	 * stays parked with the new cause, and so do the ones behind it).
	 * @return empty when the group has no such sequence
	 */
	public Optional<RetryResult> retry(String group, String sequenceIdentifier) {
		DeadLetterGroup target = this.groups.get(group);
		if (target == null || !target.queue().contains(sequenceIdentifier)) {
			return Optional.empty();
		}
		boolean succeeded = false;
		String error = null;
		try {
			succeeded = target.retry().retry(sequenceIdentifier);
		}
		catch (RuntimeException ex) {
			logger.warn("Retrying sequence {} of {} failed; it stays parked: {}", sequenceIdentifier, group,
					ex.toString());
			error = ex.getClass().getName() + ": " + ex.getMessage();
		}
		List<DeadLetterItem> remaining = sequence(target, sequenceIdentifier).stream()
			.map((letter) -> DeadLetterItem.of(group, letter))
			.toList();
		return Optional.of(new RetryResult(group, sequenceIdentifier, succeeded && remaining.isEmpty(),
				remaining.size(), remaining, error));
	}

	/**
	 * Retries every sequence parked when it starts, one after the other.
	 * @param group only this group's, or every group's when {@code null}
	 */
	public RetryAllResult retryAll(String group) {
		int sequences = 0;
		int succeeded = 0;
		long remaining = 0;
		for (DeadLetterGroup each : scope(group)) {
			for (String sequence : sequenceIdentifiers(each.queue())) {
				sequences++;
				if (retry(each.name(), sequence).map(RetryResult::succeeded).orElse(true)) {
					succeeded++;
				}
			}
			remaining += each.queue().size();
		}
		return new RetryAllResult(sequences, succeeded, sequences - succeeded, remaining);
	}

	/**
	 * Removes one sequence's parked events for good; its later events are handled as they
	 * come.
	 * @return how many events were removed; 0 when there was no such sequence
	 */
	public int evict(String group, String sequenceIdentifier) {
		DeadLetterGroup target = this.groups.get(group);
		if (target == null) {
			return 0;
		}
		return this.transactionManager.fetchInTransaction(() -> {
			List<DeadLetter<? extends EventMessage<?>>> letters = sequence(target, sequenceIdentifier);
			letters.forEach((letter) -> target.queue().evict(letter));
			if (!letters.isEmpty()) {
				logger.warn("Evicted {} parked event(s) of sequence {} from {}", letters.size(), sequenceIdentifier,
						group);
			}
			return letters.size();
		});
	}

	/** The sequence a letter was parked under. */
	public static String sequenceIdentifierOf(DeadLetter<?> letter) {
		if (letter instanceof JdbcDeadLetter<?> jdbc) {
			return jdbc.getSequenceIdentifier();
		}
		if (letter instanceof GenericDeadLetter<?> generic && generic.getSequenceIdentifier() != null) {
			return String.valueOf(generic.getSequenceIdentifier());
		}
		if (letter.message() instanceof DomainEventMessage<?> event) {
			return event.getAggregateIdentifier();
		}
		return letter.message().getIdentifier();
	}

	private List<DeadLetterGroup> scope(String group) {
		if (group == null) {
			return List.copyOf(this.groups.values());
		}
		DeadLetterGroup target = this.groups.get(group);
		if (target == null) {
			throw new IllegalArgumentException("No processing group '" + group + "'; known are " + groups());
		}
		return List.of(target);
	}

	private static List<DeadLetter<? extends EventMessage<?>>> sequence(DeadLetterGroup group, String sequence) {
		List<DeadLetter<? extends EventMessage<?>>> letters = new ArrayList<>();
		group.queue().deadLetterSequence(sequence).forEach(letters::add);
		return letters;
	}

	private static List<String> sequenceIdentifiers(SequencedDeadLetterQueue<EventMessage<?>> queue) {
		List<String> sequences = new ArrayList<>();
		for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
			Iterator<DeadLetter<? extends EventMessage<?>>> letters = sequence.iterator();
			if (letters.hasNext()) {
				sequences.add(sequenceIdentifierOf(letters.next()));
			}
		}
		return sequences;
	}

}
