package dev.ordersonaxon.saga;

import java.io.Serializable;
import java.util.Map;

import dev.ordersonaxon.api.AuditMetadata;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Who caused an order, kept with its stored timeout: the timeout fires outside any
 * message, so its rejection would otherwise name no one. It carries the audit keys of the
 * message the saga handled when it scheduled the timeout (the order's placing), and the
 * rejection it sends carries them on (see {@link AuditMetadata}).
 *
 * @param metadata the audit keys and their values
 */
public record TimeoutCause(Map<String, String> metadata) implements Serializable {

	public TimeoutCause {
		metadata = Map.copyOf(metadata);
	}

	/** The audit keys of the message being handled now; none outside a unit of work. */
	static TimeoutCause ofCurrentMessage() {
		return new TimeoutCause(CurrentUnitOfWork.isStarted()
				? AuditMetadata.of(CurrentUnitOfWork.get().getCorrelationData()) : Map.of());
	}

}
