package dev.ordersonaxon.eventstore.faults;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The chain of causes of a failure, walked once and safely: what a command, a batch or a
 * transaction failed for is usually a few wrappers down (Axon's execution exceptions,
 * Spring's translations, a driver's chained exceptions). A cause that names itself, or a
 * loop, ends the walk.
 */
public final class Causes {

	/** Deeper than any chain seen here. */
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

	/**
	 * {@code failure} and its causes, outermost first, each once: a cause met before (one
	 * that names itself, or a loop) ends the chain.
	 */
	public static List<Throwable> chain(Throwable failure) {
		List<Throwable> chain = new ArrayList<>();
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Throwable cause = failure; cause != null && seen.add(cause)
				&& chain.size() < MAX_DEPTH; cause = cause.getCause()) {
			chain.add(cause);
		}
		return chain;
	}

	private static Optional<Throwable> firstMatching(Throwable failure, Predicate<Throwable> test) {
		return chain(failure).stream().filter(test).findFirst();
	}

}
