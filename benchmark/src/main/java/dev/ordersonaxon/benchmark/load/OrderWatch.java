package dev.ordersonaxon.benchmark.load;

import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import dev.ordersonaxon.benchmark.load.Views.OrderView;

/**
 * Follows one order through the query API until it has reached what the load waits for.
 */
interface OrderWatch extends AutoCloseable {

	/**
	 * The first view from now on (or the last one seen, if it already matches) that
	 * matches; completes with null when none does in time. One wait at a time.
	 */
	CompletableFuture<Seen> until(Predicate<OrderView> wanted);

	/** Whether a stream of live updates was opened for the order. */
	boolean streamOpened();

	/** Why the order had to be polled instead of streamed, or null. */
	String fallback();

	/** Stops following: closes the stream, if any. */
	@Override
	void close();

}
