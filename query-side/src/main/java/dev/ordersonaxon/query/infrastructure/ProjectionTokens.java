package dev.ordersonaxon.query.infrastructure;

import java.util.List;

import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The projections' tokens as the token store holds them, every segment's, whichever node
 * claims it: where each segment is, and whether it is still replaying. A segment replays
 * until its position reaches the point of its reset, not until Axon next sees an event
 * past it (which, at the head of the stream, may be never).
 */
@Component
public class ProjectionTokens {

	private final JdbcTemplate jdbc;

	private final Serializer serializer;

	ProjectionTokens(JdbcTemplate jdbc, @Qualifier("serializer") Serializer serializer) {
		this.jdbc = jdbc;
		this.serializer = serializer;
	}

	/** The tokens of the projection's segments, none before it has started. */
	public List<Segment> of(String projection) {
		return this.jdbc.query("SELECT token, token_type FROM read_model.token_entry WHERE processor_name = ?",
				(rs, row) -> segment(rs.getBytes("token"), rs.getString("token_type")), projection);
	}

	/** Whether a segment of the projection is still replaying. */
	public boolean replaying(String projection) {
		return of(projection).stream().anyMatch(Segment::replaying);
	}

	private Segment segment(byte[] data, String type) {
		if (data == null || type == null) {
			return new Segment(0, false);
		}
		TrackingToken token = this.serializer.deserialize(new SimpleSerializedObject<>(data, byte[].class, type, null));
		long position = (token != null) ? token.position().orElse(0) : 0;
		// a replay token may be wrapped, e.g. in the merged token of two segments being
		// merged
		boolean replaying = WrappedToken.unwrap(token, ReplayToken.class)
			.map((replay) -> position < replay.getTokenAtReset().position().orElse(0))
			.orElse(false);
		return new Segment(position, replaying);
	}

	/**
	 * A segment's token.
	 *
	 * @param position the global index of the last event it has passed
	 * @param replaying whether it has yet to reach the point it was reset at
	 */
	public record Segment(long position, boolean replaying) {

	}

}
