package dev.ordersonaxon.saga;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Gives the saga's processor its tokens, at the head of the event stream, while the
 * application starts and before it takes any request.
 * <p>
 * A tracking processor creates its first tokens on a thread of its own once it has
 * started, so an order placed in that moment (on this node or another) lies before the
 * head it then takes, and no saga would ever handle it. Created here, synchronously, the
 * head is taken before this node accepts an order; an order placed on another node
 * meanwhile is an event below or at that head whose transaction may still be open, which
 * the event store keeps as a gap until it has committed. Another node that created the
 * tokens first wins; nothing is done when they exist.
 */
final class SagaTokenAtHead implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(SagaTokenAtHead.class);

	private final String processorName;

	private final int segments;

	private final TokenStore tokenStore;

	private final EventStore eventStore;

	private final TransactionManager transactionManager;

	SagaTokenAtHead(String processorName, int segments, TokenStore tokenStore, EventStore eventStore,
			TransactionManager transactionManager) {
		this.processorName = processorName;
		this.segments = segments;
		this.tokenStore = tokenStore;
		this.eventStore = eventStore;
		this.transactionManager = transactionManager;
	}

	@Override
	public void afterSingletonsInstantiated() {
		try {
			this.transactionManager.executeInTransaction(() -> {
				if (this.tokenStore.fetchSegments(this.processorName).length == 0) {
					TrackingToken head = this.eventStore.createHeadToken();
					this.tokenStore.initializeTokenSegments(this.processorName, this.segments, head);
					logger.info("Saga processor {} starts at the head of the event stream: {}", this.processorName,
							head);
				}
			});
		}
		catch (UnableToClaimTokenException ex) {
			logger.debug("Another node created the tokens of {} first", this.processorName);
		}
	}

}
