package dev.ordersonaxon.eventstore.faults;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * The chain of causes of a failure, walked once and safely: what a command, a batch or a
 * transaction failed for is usually a few wrappers down (Axon's execution exceptions,
 * Spring's translations, a driver's chained exceptions). A cause that names itself, or a
 * loop, ends the walk.
 */
public final class Causes {

	/** Deeper than any chain seen here; a guard against loops of more than one link. */
	private static final int MAX_DEPTH = 64;

	private Causes() {
	}

	/** Whether {@code failure} or any of its causes matches. */
	public static boolean anyMatch(Throwable failure, Predicate<Throwable> test) {
		return firstMatching(failure, test).isPresent();
	}

	/** The first of {@code failure} and its causes that is a {@code type}. */
	public static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
		return firstMatching(failure, type::isInstance).map(type::cast);
	}

	private static Optional<Throwable> firstMatching(Throwable failure, Predicate<Throwable> test) {
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++) {
			if (test.test(cause)) {
				return Optional.of(cause);
			}
			cause = (cause.getCause() != cause) ? cause.getCause() : null;
		}
		return Optional.empty();
	}

}
