package dev.ordersonaxon.query.order;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.ordersonaxon.query.infrastructure.QuerySideSettings;
import dev.ordersonaxon.query.infrastructure.TooManyRequestsException;

import org.springframework.stereotype.Component;

/**
 * Counts the live-update streams open on this node, per client address and in total, and
 * refuses one beyond either cap: every stream holds a connection, a subscription and
 * buffers, and without a cap a few thousand streams exhausted the heap. A stream gives
 * its permit back when it ends in any way (completion, timeout, error, a client that went
 * away); giving back twice counts once.
 */
@Component
class StreamPermits {

	private final int perClient;

	private final int total;

	private final QuerySideSettings settings;

	private final Map<String, Integer> byClient = new HashMap<>();

	private int open;

	StreamPermits(QuerySideSettings settings) {
		this.perClient = settings.updatesPerClient();
		this.total = settings.updatesTotal();
		this.settings = settings;
	}

	/**
	 * A permit for one more stream of {@code client}, to be run once the stream ends.
	 * @throws TooManyRequestsException when the client or the node is at its cap; a
	 * stream frees up at the latest one heartbeat after its client leaves, so that is
	 * when to try again
	 */
	synchronized Runnable acquire(String client) {
		if (this.open >= this.total) {
			throw new TooManyRequestsException(
					"This server holds as many live-update streams as it allows (" + this.total + "); try again later.",
					this.settings.updatesHeartbeat());
		}
		if (this.byClient.getOrDefault(client, 0) >= this.perClient) {
			throw new TooManyRequestsException("This client holds as many live-update streams as one client may ("
					+ this.perClient + "); close one or try again later.", this.settings.updatesHeartbeat());
		}
		this.open++;
		this.byClient.merge(client, 1, Integer::sum);
		AtomicBoolean released = new AtomicBoolean();
		return () -> {
			if (released.compareAndSet(false, true)) {
				release(client);
			}
		};
	}

	/** Streams open on this node now. */
	synchronized int open() {
		return this.open;
	}

	private synchronized void release(String client) {
		this.open--;
		this.byClient.computeIfPresent(client, (key, held) -> (held > 1) ? held - 1 : null);
	}

}
