package dev.ordersonaxon.saga;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimeoutCauseTest {

	@Test
	void keepsTheAuditKeysOfTheMessageBeingHandledAndNothingElse() {
		EventMessage<?> placed = GenericEventMessage.asEventMessage("placed")
			.andMetaData(Map.of("principal", "carl", "traceId", "trace-1", "internal", "x"));
		DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(placed);
		unitOfWork.registerCorrelationDataProvider(new SimpleCorrelationDataProvider("principal", "internal"));
		unitOfWork.registerCorrelationDataProvider(new MessageOriginProvider());
		try {
			assertThat(TimeoutCause.ofCurrentMessage().metadata()).containsOnly(Map.entry("principal", "carl"),
					Map.entry("traceId", "trace-1"), Map.entry("correlationId", placed.getIdentifier()));
		}
		finally {
			unitOfWork.rollback();
		}
	}

	@Test
	void isEmptyOutsideAMessage() {
		assertThat(TimeoutCause.ofCurrentMessage().metadata()).isEmpty();
	}

	@Test
	void survivesTheSchedulersSerialization() throws Exception {
		TimeoutCause cause = new TimeoutCause(Map.of("principal", "carl"));
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(cause);
		}
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			assertThat(in.readObject()).isEqualTo(cause);
		}
	}

}
