package dev.ordersonaxon.eventstore.deadletters;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.DefaultDeadLetterStatementFactory;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.serialization.Serializer;

/**
 * Axon's JDBC statements for dead letters, with three faults of 4.13.0 corrected:
 * <ul>
 * <li>Pages of claimable sequences and of a sequence's letters are selected with
 * {@code sequence_index >= offset} instead of an offset: a sequence beyond the ten least
 * recently touched could not be found for a retry, and a sequence of more than a page of
 * letters was read with duplicates. Here both page by row offset.</li>
 * <li>A letter requeued after a failed retry stores its cause wrapped in another
 * {@code ThrowableCause}, whose class then stands in for the failure's.</li>
 * <li>A cause is stored as given: a longer message than the column holds, or one with a
 * NUL character (which PostgreSQL text cannot hold), fails the parking itself.</li>
 * </ul>
 */
final class PagingDeadLetterStatementFactory extends DefaultDeadLetterStatementFactory<EventMessage<?>> {

	private final DeadLetterSchema schema;

	private final int pageSize;

	PagingDeadLetterStatementFactory(DeadLetterSchema schema, Serializer genericSerializer, Serializer eventSerializer,
			int pageSize) {
		super(DefaultDeadLetterStatementFactory.<EventMessage<?>>builder()
			.schema(schema)
			.genericSerializer(genericSerializer)
			.eventSerializer(eventSerializer));
		this.schema = schema;
		this.pageSize = pageSize;
	}

	@Override
	public PreparedStatement enqueueStatement(Connection connection, String processingGroup, String sequenceIdentifier,
			DeadLetter<? extends EventMessage<?>> letter, long sequenceIndex) throws SQLException {
		DeadLetter<? extends EventMessage<?>> storable = letter.cause().isPresent()
				? letter.withCause(storable(letter.cause().get())) : letter;
		return super.enqueueStatement(connection, processingGroup, sequenceIdentifier, storable, sequenceIndex);
	}

	@Override
	public PreparedStatement requeueStatement(Connection connection, String letterIdentifier, Cause cause,
			Instant lastTouched, MetaData diagnostics) throws SQLException {
		return super.requeueStatement(connection, letterIdentifier, (cause != null) ? storable(cause) : null,
				lastTouched, diagnostics);
	}

	/** The queue asks for every letter up to its maximum; read one page of them. */
	@Override
	public PreparedStatement letterSequenceStatement(Connection connection, String processingGroup, String sequenceId,
			int offset, int maxSize) throws SQLException {
		String sql = "SELECT * FROM " + this.schema.deadLetterTable() + " WHERE " + this.schema.processingGroupColumn()
				+ " = ? AND " + this.schema.sequenceIdentifierColumn() + " = ? ORDER BY "
				+ this.schema.sequenceIndexColumn() + " LIMIT ? OFFSET ?";
		PreparedStatement statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
				ResultSet.CONCUR_READ_ONLY);
		statement.setString(1, processingGroup);
		statement.setString(2, sequenceId);
		statement.setInt(3, Math.min(this.pageSize, maxSize));
		statement.setInt(4, offset);
		return statement;
	}

	@Override
	public PreparedStatement claimableSequencesStatement(Connection connection, String processingGroup,
			Instant processingStartedLimit, int offset, int maxSize) throws SQLException {
		String table = this.schema.deadLetterTable();
		String group = this.schema.processingGroupColumn();
		String sequence = this.schema.sequenceIdentifierColumn();
		String index = this.schema.sequenceIndexColumn();
		String started = this.schema.processingStartedColumn();
		String sql = "SELECT * FROM " + table + " dl WHERE dl." + group + " = ? AND dl." + index + " = (SELECT MIN(dl2."
				+ index + ") FROM " + table + " dl2 WHERE dl2." + group + " = dl." + group + " AND dl2." + sequence
				+ " = dl." + sequence + ") AND (dl." + started + " IS NULL OR dl." + started + " < ?) ORDER BY dl."
				+ this.schema.lastTouchedColumn() + ", dl." + sequence + " LIMIT ? OFFSET ?";
		PreparedStatement statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
				ResultSet.CONCUR_READ_ONLY);
		statement.setString(1, processingGroup);
		statement.setString(2, DateTimeUtils.formatInstant(processingStartedLimit));
		statement.setInt(3, maxSize);
		statement.setInt(4, offset);
		return statement;
	}

	static ThrowableCause storable(Cause cause) {
		Cause original = cause;
		// a requeue wraps the cause it was given in a ThrowableCause of its own
		while (original instanceof ThrowableCause wrapper && ThrowableCause.class.getName().equals(wrapper.type())
				&& wrapper.getCause() instanceof Cause wrapped) {
			original = wrapped;
		}
		return new ThrowableCause(text(original.type(), 255),
				text(original.message(), ParkingPolicy.MAX_MESSAGE_LENGTH));
	}

	private static String text(String value, int maxLength) {
		if (value == null) {
			return null;
		}
		String storable = value.replace('\u0000', '\uFFFD');
		return (storable.length() <= maxLength) ? storable : storable.substring(0, maxLength);
	}

}
