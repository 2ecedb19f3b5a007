package dev.ordersonaxon.query.order;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

import dev.ordersonaxon.api.order.FindOrderQuery;
import dev.ordersonaxon.api.order.OrderId;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryMessage;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Announces changed orders to every query-side node through PostgreSQL: the ids a batch
 * changed go out in one {@code pg_notify} in the batch's transaction, which PostgreSQL
 * delivers only once it has committed. Each node listens on the channel and sends the
 * committed views to its own subscribers, so a live-update stream works on whichever node
 * the client reached, not only on the node that runs the projection.
 * <p>
 * PostgreSQL keeps no notification for a listener that is not connected: whatever changed
 * while this node's listening connection was down and reconnecting is never announced to
 * it. So after every (re)connect, each order that a stream on this node follows gets its
 * current view again (a stream may then see an unchanged view twice), and each stream of
 * a customer's orders ends, so that its client resumes from the last change it received
 * ({@code Last-Event-ID}) and is sent what it missed.
 * <p>
 * The same happens on every node when a rebuilt order view takes the place of the old one
 * ({@link dev.ordersonaxon.query.infrastructure.ViewTable}): changes projected into the
 * rebuild table between the replay's catching up and the swap were announced from the old
 * view. The swap's transaction sends {@value #EVERYTHING} for that.
 */
class PostgresOrderChanges implements OrderChanges {

	static final String CHANNEL = "order_views";

	/** The payload that says any order may have changed. */
	static final String EVERYTHING = "*";

	// PostgreSQL accepts payloads below 8000 bytes; ids are at most 64 ASCII characters
	private static final int MAX_PAYLOAD = 7000;

	private static final String RESOURCE = PostgresOrderChanges.class.getName();

	private final LocalOrderChanges local;

	private final JdbcTemplate jdbc;

	private final QueryUpdateEmitter updates;

	PostgresOrderChanges(LocalOrderChanges local, JdbcTemplate jdbc, QueryUpdateEmitter updates) {
		this.local = local;
		this.jdbc = jdbc;
		this.updates = updates;
	}

	@Override
	public void changed(OrderId orderId) {
		if (!CurrentUnitOfWork.isStarted()) {
			announce(Set.of(orderId.value()));
			return;
		}
		UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
		Set<String> changed = batch.getOrComputeResource(RESOURCE, (key) -> {
			Set<String> ids = new LinkedHashSet<>();
			batch.onPrepareCommit((unitOfWork) -> announce(ids));
			return ids;
		});
		changed.add(orderId.value());
	}

	/**
	 * What a node's listener received: comma-separated ids of committed changes, or
	 * nothing right after it (re)connected.
	 */
	void received(List<String> payloads) {
		if (payloads.isEmpty() || payloads.contains(EVERYTHING)) {
			resendFollowed();
			return;
		}
		this.local.changed(payloads.stream()
			.flatMap((payload) -> Arrays.stream(payload.split(",")))
			.filter((id) -> !id.isBlank())
			.distinct()
			.map(OrderId::new)
			.toList());
	}

	private void resendFollowed() {
		this.updates.activeSubscriptions()
			.stream()
			.map(SubscriptionQueryMessage::getPayload)
			.filter(FindOrderQuery.class::isInstance)
			.map((query) -> ((FindOrderQuery) query).orderId())
			.distinct()
			.forEach(this.local::changed);
		this.updates.complete(FollowCustomerOrdersQuery.class, (query) -> true);
	}

	/** Tells every node that any order may have changed, when the transaction commits. */
	void announceEverything() {
		notify(EVERYTHING);
	}

	private void announce(Set<String> ids) {
		StringJoiner payload = new StringJoiner(",");
		for (String id : ids) {
			if (payload.length() + id.length() + 1 > MAX_PAYLOAD) {
				notify(payload.toString());
				payload = new StringJoiner(",");
			}
			payload.add(id);
		}
		if (payload.length() > 0) {
			notify(payload.toString());
		}
	}

	private void notify(String payload) {
		this.jdbc.query("SELECT pg_notify(?, ?)", (row) -> {
		}, CHANNEL, payload);
	}

}
