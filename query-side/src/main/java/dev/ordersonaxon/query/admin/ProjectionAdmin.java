package dev.ordersonaxon.query.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.springboot.TokenStoreProperties;

import dev.ordersonaxon.query.infrastructure.ConflictException;
import dev.ordersonaxon.query.infrastructure.NotFoundException;
import dev.ordersonaxon.query.infrastructure.QuerySideSettings;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Status and replay of the projections. Status is computed from the tokens in the token
 * store rather than from this node's processors: it then covers segments other nodes
 * hold, and "replaying" ends when the position reaches the token's reset point, not when
 * Axon next sees an event past it (which, at the head of the stream, may be never).
 */
@Component
class ProjectionAdmin {

	static final List<String> PROJECTIONS = List.of("customers", "products", "orders");

	private final EventProcessingConfiguration processing;

	private final JdbcTemplate jdbc;

	private final Serializer serializer;

	private final Duration claimTimeout;

	private final String nodeId;

	ProjectionAdmin(EventProcessingConfiguration processing, JdbcTemplate jdbc,
			@Qualifier("serializer") Serializer serializer, TokenStoreProperties tokenStoreProperties,
			QuerySideSettings settings) {
		this.processing = processing;
		this.jdbc = jdbc;
		this.serializer = serializer;
		this.claimTimeout = tokenStoreProperties.getClaimTimeout();
		this.nodeId = settings.nodeId();
	}

	List<ProjectionStatus> statuses() {
		long head = head();
		return PROJECTIONS.stream().map((name) -> status(name, head)).toList();
	}

	ProjectionStatus status(String name) {
		requireKnown(name);
		return status(name, head());
	}

	/**
	 * Rebuilds the projection's view from the first event; returns once the rebuild has
	 * started.
	 */
	void replay(String name) {
		StreamingEventProcessor processor = requireKnown(name);
		otherOwner(name).ifPresent((owner) -> {
			throw refused(name, owner);
		});
		processor.shutDown();
		try {
			processor.resetTokens();
		}
		catch (UnableToClaimTokenException ex) {
			throw refused(name, "another node");
		}
		finally {
			processor.start();
		}
	}

	private StreamingEventProcessor requireKnown(String name) {
		return Optional.of(name)
			.filter(PROJECTIONS::contains)
			.flatMap((known) -> this.processing.eventProcessor(known, StreamingEventProcessor.class))
			.orElseThrow(() -> new NotFoundException("No projection named '" + name + "'; known are " + PROJECTIONS));
	}

	private ProjectionStatus status(String name, long head) {
		List<Token> tokens = this.jdbc.query(
				"SELECT token, token_type FROM read_model.token_entry WHERE processor_name = ?",
				(rs, row) -> token(rs.getBytes("token"), rs.getString("token_type")), name);
		long position = tokens.stream().mapToLong(Token::position).min().orElse(0);
		boolean replaying = tokens.stream().anyMatch(Token::replaying);
		return ProjectionStatus.of(name, position, head, replaying);
	}

	private long head() {
		Long head = this.jdbc.queryForObject("SELECT max(global_index) FROM event_store.domain_event_entry",
				Long.class);
		return (head != null) ? head : 0;
	}

	private Optional<String> otherOwner(String name) {
		Instant claimedSince = Instant.now().minus(this.claimTimeout);
		return this.jdbc
			.query("SELECT owner, timestamp FROM read_model.token_entry WHERE processor_name = ? AND owner IS NOT NULL",
					(rs, row) -> new Claim(rs.getString("owner"), Instant.parse(rs.getString("timestamp"))), name)
			.stream()
			.filter((claim) -> !claim.owner().equals(this.nodeId) && claim.at().isAfter(claimedSince))
			.map(Claim::owner)
			.findFirst();
	}

	private Token token(byte[] data, String type) {
		if (data == null || type == null) {
			return new Token(0, false);
		}
		TrackingToken token = this.serializer.deserialize(new SimpleSerializedObject<>(data, byte[].class, type, null));
		long position = (token != null) ? token.position().orElse(0) : 0;
		boolean replaying = token instanceof ReplayToken replay
				&& position < replay.getTokenAtReset().position().orElse(0);
		return new Token(position, replaying);
	}

	private static ConflictException refused(String name, String owner) {
		return new ConflictException("Projection '" + name + "' is being processed by query-side node '" + owner
				+ "'. A replay must run on one node only: stop the other query-side nodes (or send this request"
				+ " to that node) and try again.");
	}

	private record Token(long position, boolean replaying) {

	}

	private record Claim(String owner, Instant at) {

	}

}
