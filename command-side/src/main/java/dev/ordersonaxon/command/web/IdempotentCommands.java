package dev.ordersonaxon.command.web;

import java.util.function.Predicate;

import dev.ordersonaxon.command.idempotency.IdempotencyKey;
import dev.ordersonaxon.command.idempotency.IdempotentAnswer;
import dev.ordersonaxon.command.idempotency.IdempotentRequest;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Sends the REST edge's commands (with a time limit, see {@link TimeLimitedCommands}) and
 * makes their repeats safe.
 * <ul>
 * <li>With an {@code Idempotency-Key}, the answer travels with the command and is stored
 * in its transaction; a repeat of the request gets the stored answer, marked with
 * {@value #REPLAYED}, and changes nothing (see the {@code idempotency} package).</li>
 * <li>Without one, a create that names its own id which exists already is answered as the
 * first was if what exists was created from the same values: a client that lost the
 * answer can repeat the request. Created from other values it stays a duplicate id
 * (409).</li>
 * </ul>
 * A restock or a credit-limit change without a key is applied as often as it is sent.
 */
@Component
public class IdempotentCommands {

	/** The response header that marks an answer given before, to the first request. */
	public static final String REPLAYED = "Idempotent-Replayed";

	private final TimeLimitedCommands commands;

	private final EventStore eventStore;

	private final JsonMapper json;

	IdempotentCommands(TimeLimitedCommands commands, EventStore eventStore, JsonMapper json) {
		this.commands = commands;
		this.eventStore = eventStore;
		this.json = json;
	}

	/**
	 * Sends a command and answers {@code status} with {@code body} when it succeeds.
	 * @param key the request's Idempotency-Key, present or not
	 * @param request the request's body as read, which with the key's method and path
	 * tells a repeat from another request
	 * @param body the answer's body, or {@code null} for none
	 */
	public ResponseEntity<Object> send(Object command, IdempotencyKey key, Object request, HttpStatus status,
			Object body) {
		if (!key.isPresent()) {
			this.commands.sendAndWait(command);
			return ResponseEntity.status(status).body(body);
		}
		IdempotentAnswer answer = new IdempotentAnswer(status.value(),
				(body != null) ? this.json.writeValueAsString(body) : null);
		IdempotentRequest idempotent = new IdempotentRequest(key.value(),
				key.fingerprint(this.json.writeValueAsBytes(request)), answer);
		Object result = this.commands
			.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(idempotent.toMetaData()));
		if (result instanceof IdempotentAnswer stored) {
			return replay(stored);
		}
		return ResponseEntity.status(status).body(body);
	}

	/**
	 * Sends a command that creates {@code aggregateId}, as {@link #send} does. If the id
	 * is taken, the request is answered as if it had succeeded when the aggregate's first
	 * event is {@code createdAlike}, that is when the aggregate was created from the same
	 * values: the request is a repeat of the one that created it.
	 */
	public ResponseEntity<Object> create(Object command, String aggregateId, Predicate<Object> createdAlike,
			IdempotencyKey key, Object request, HttpStatus status, Object body) {
		try {
			return send(command, key, request, status, body);
		}
		catch (AggregateStreamCreationException duplicate) {
			if (createdFrom(aggregateId, createdAlike)) {
				return ResponseEntity.status(status).header(REPLAYED, "true").body(body);
			}
			throw duplicate;
		}
	}

	private boolean createdFrom(String aggregateId, Predicate<Object> createdAlike) {
		// from the first event, not from a snapshot
		DomainEventStream events = this.eventStore.readEvents(aggregateId, 0);
		if (!events.hasNext()) {
			return false;
		}
		DomainEventMessage<?> first = events.next();
		return first.getSequenceNumber() == 0 && createdAlike.test(first.getPayload());
	}

	private static ResponseEntity<Object> replay(IdempotentAnswer stored) {
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(stored.status()).header(REPLAYED, "true");
		if (stored.body() == null) {
			return answer.build();
		}
		return answer.contentType(MediaType.APPLICATION_JSON).body(stored.body());
	}

}
