package dev.ordersonaxon.query.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.springboot.TokenStoreProperties;

import dev.ordersonaxon.query.infrastructure.ConflictException;
import dev.ordersonaxon.query.infrastructure.NotFoundException;
import dev.ordersonaxon.query.infrastructure.ProjectionTokens;
import dev.ordersonaxon.query.infrastructure.QuerySideSettings;
import dev.ordersonaxon.query.infrastructure.ViewRebuilds;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Status and replay of the projections. Status is computed from the tokens in the token
 * store rather than from this node's processors: it then covers segments other nodes
 * hold. A projection is "replaying" until every segment has reached the point of its
 * reset and the rebuilt view has taken the place of the one the API served meanwhile
 * ({@link ViewRebuilds}).
 */
@Component
class ProjectionAdmin {

	static final List<String> PROJECTIONS = List.of("customers", "products", "orders");

	private final EventProcessingConfiguration processing;

	private final JdbcTemplate jdbc;

	private final ProjectionTokens tokens;

	private final ViewRebuilds views;

	private final Duration claimTimeout;

	private final String nodeId;

	ProjectionAdmin(EventProcessingConfiguration processing, JdbcTemplate jdbc, ProjectionTokens tokens,
			ViewRebuilds views, TokenStoreProperties tokenStoreProperties, QuerySideSettings settings) {
		this.processing = processing;
		this.jdbc = jdbc;
		this.tokens = tokens;
		this.views = views;
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
		List<ProjectionTokens.Segment> segments = this.tokens.of(name);
		long position = segments.stream().mapToLong(ProjectionTokens.Segment::position).min().orElse(0);
		boolean replaying = segments.stream().anyMatch(ProjectionTokens.Segment::replaying)
				|| this.views.rebuilding(name);
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

	private static ConflictException refused(String name, String owner) {
		return new ConflictException("Projection '" + name + "' is being processed by query-side node '" + owner
				+ "'. A replay must run on one node only: stop the other query-side nodes (or send this request"
				+ " to that node) and try again.");
	}

	private record Claim(String owner, Instant at) {

	}

}
