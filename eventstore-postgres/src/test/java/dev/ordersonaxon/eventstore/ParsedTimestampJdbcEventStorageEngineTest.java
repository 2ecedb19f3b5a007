package dev.ordersonaxon.eventstore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The tracking token rules the engine applies while reading rows. */
class ParsedTimestampJdbcEventStorageEngineTest {

	static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

	final ParsedTimestampJdbcEventStorageEngine engine = new ParsedTimestampJdbcEventStorageEngine(
			JdbcEventStorageEngine.builder().connectionProvider(() -> {
				throw new IllegalStateException("no database in this test");
			})
				.transactionManager(NoTransactionManager.INSTANCE)
				.snapshotSerializer(JacksonSerializer.defaultSerializer())
				.eventSerializer(JacksonSerializer.defaultSerializer()),
			new ParsedTimestampJdbcEventStorageEngine.GapSettings(1, 5, Duration.ofMinutes(1),
					Clock.fixed(NOW, ZoneOffset.UTC), false));

	@Test
	void theFirstEventOfARecentStreamKeepsTheIndexesBeforeItAsGaps() {
		GapAwareTrackingToken token = this.engine.nextToken(null, 4, NOW.minusSeconds(5));

		assertThat(token.getIndex()).isEqualTo(4);
		assertThat(token.getGaps()).containsExactly(1L, 2L, 3L);
	}

	@Test
	void anEventOlderThanTheGapTimeoutLeavesNoGapsBeforeIt() {
		GapAwareTrackingToken token = this.engine.nextToken(null, 4, NOW.minusSeconds(61));

		assertThat(token.getIndex()).isEqualTo(4);
		assertThat(token.getGaps()).isEmpty();
	}

	@Test
	void advancingPastMissingIndexesKeepsThemAsGapsWithinTheOffset() {
		GapAwareTrackingToken first = this.engine.nextToken(null, 1, NOW);

		GapAwareTrackingToken next = this.engine.nextToken(first, 9, NOW);

		assertThat(next.getIndex()).isEqualTo(9);
		// at most maxGapOffset (5) indexes behind the newest are kept
		assertThat(next.getGaps()).containsExactly(4L, 5L, 6L, 7L, 8L);
	}

	@Test
	void aGapThatIsFilledLeavesTheToken() {
		GapAwareTrackingToken withGap = this.engine.nextToken(this.engine.nextToken(null, 1, NOW), 3, NOW);

		GapAwareTrackingToken filled = this.engine.nextToken(withGap, 2, NOW);

		assertThat(filled.getIndex()).isEqualTo(3);
		assertThat(filled.getGaps()).isEmpty();
	}

}
