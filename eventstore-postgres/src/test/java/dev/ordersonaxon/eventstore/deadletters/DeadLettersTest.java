package dev.ordersonaxon.eventstore.deadletters;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import dev.ordersonaxon.testsupport.TestDatabase;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Axon's JDBC dead-letter queue on PostgreSQL as this package configures it, and what
 * operators see and do with it.
 */
class DeadLettersTest {

	private static final TestDatabase DATABASE = TestDatabase.create("dead_letters");

	private static final ConnectionProvider CONNECTIONS = sharedConnection();

	private final ParkingPolicy policy = new ParkingPolicy(1);

	@BeforeAll
	static void schema() throws Exception {
		try (Statement statement = CONNECTIONS.getConnection().createStatement()) {
			for (String sql : script("db/axon/V1__axon_infrastructure.sql")) {
				statement.execute(sql);
			}
			// what each application's own migration does: Axon's JDBC queue writes ISO
			// text
			statement.execute("ALTER TABLE dead_letter_entry ALTER COLUMN enqueued_at TYPE varchar(255),"
					+ " ALTER COLUMN last_touched TYPE varchar(255), ALTER COLUMN processing_started TYPE varchar(255)");
		}
	}

	@Test
	void listsEveryParkedEventOnceInSequenceOrderAcrossPages() {
		String group = group();
		JdbcSequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
		park(queue, "c-1", 0, new IllegalStateException("first fails"));
		for (int i = 1; i < 150; i++) {
			queue.enqueue("c-1", new GenericDeadLetter<>("c-1", event("c-1", i)));
		}
		DeadLetters deadLetters = deadLetters(group, queue);

		List<DeadLetterItem> items = new ArrayList<>();
		for (int page = 0; page < 2; page++) {
			DeadLetterPage content = deadLetters.page(group, page, 100);
			assertThat(content.totalElements()).isEqualTo(150);
			assertThat(content.totalPages()).isEqualTo(2);
			items.addAll(content.content());
		}

		assertThat(items).extracting(DeadLetterItem::sequenceNumber)
			.containsExactlyElementsOf(java.util.stream.LongStream.range(0, 150).boxed().toList());
		DeadLetterItem first = items.get(0);
		assertThat(first.group()).isEqualTo(group);
		assertThat(first.sequenceIdentifier()).isEqualTo("c-1");
		assertThat(first.aggregateIdentifier()).isEqualTo("c-1");
		assertThat(first.eventType()).isEqualTo("Renamed");
		assertThat(first.attempts()).isEqualTo(1);
		assertThat(first.cause()).isEqualTo(new DeadLetterCause(IllegalStateException.class.getName(), "first fails"));
		assertThat(first.enqueuedAt()).isNotNull();
		assertThat(items.get(1).cause()).isNull();
		assertThat(items.get(1).attempts()).isZero();
	}

	@Test
	void retriesASequenceThatIsNotAmongTheTenLeastRecentlyTouched() {
		String group = group();
		JdbcSequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
		for (int i = 0; i < 12; i++) {
			park(queue, "c-" + i, 0, new IllegalStateException("fails"));
		}
		List<String> handled = new ArrayList<>();
		DeadLetters deadLetters = new DeadLetters(List.of(new DeadLetterGroup(group, queue, (sequence) -> queue
			.process((letter) -> DeadLetters.sequenceIdentifierOf(letter).equals(sequence), (letter) -> {
				handled.add(DeadLetters.sequenceIdentifierOf(letter));
				return Decisions.evict();
			}))), NoTransactionManager.INSTANCE);

		RetryResult result = deadLetters.retry(group, "c-11").orElseThrow();

		assertThat(result.succeeded()).isTrue();
		assertThat(result.remaining()).isZero();
		assertThat(handled).containsExactly("c-11");
		assertThat(queue.size()).isEqualTo(11);
	}

	@Test
	void aFailedRetryKeepsTheFailuresClassAStorableMessageAndCountsTheAttempt() {
		String group = group();
		JdbcSequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
		park(queue, "c-1", 0, new IllegalStateException("first"));
		String hostile = "bad\u0000name " + "x".repeat(2000);
		DeadLetters deadLetters = new DeadLetters(
				List.of(new DeadLetterGroup(group, queue,
						(sequence) -> queue.process((letter) -> true, (letter) -> retryFails(letter, hostile)))),
				NoTransactionManager.INSTANCE);

		RetryResult result = deadLetters.retry(group, "c-1").orElseThrow();

		assertThat(result.succeeded()).isFalse();
		assertThat(result.remaining()).isEqualTo(1);
		DeadLetterItem item = result.deadLetters().get(0);
		assertThat(item.attempts()).isEqualTo(2);
		assertThat(item.cause().type()).isEqualTo(IllegalArgumentException.class.getName());
		assertThat(item.cause().message()).startsWith("bad\uFFFDname xxx").hasSize(ParkingPolicy.MAX_MESSAGE_LENGTH);
	}

	@Test
	void parksAnEventsOwnFailureButThrowsATransientOneForTheProcessorToRetry() {
		DeadLetter<EventMessage<?>> letter = new GenericDeadLetter<>("c-1", event("c-1", 0));
		PSQLException connectionLost = new PSQLException("connection lost", PSQLState.CONNECTION_FAILURE);

		assertThatThrownBy(() -> this.policy.decide(letter, new RuntimeException("batch failed", connectionLost)))
			.hasRootCause(connectionLost);
		EnqueueDecision<EventMessage<?>> decision = this.policy.decide(letter, new IllegalStateException("bug"));
		assertThat(decision.shouldEnqueue()).isTrue();
		assertThat(decision.enqueueCause()).hasValueSatisfying((cause) -> assertThat(cause).hasMessage("bug"));
		assertThat(ParkingPolicy.attempts(decision.withDiagnostics(letter))).isEqualTo(1);
	}

	@Test
	void parksAFreshFailureOnlyOnItsThirdTryButAParkedEventAtOnce() {
		ParkingPolicy patient = new ParkingPolicy();
		EventMessage<?> event = event("c-1", 0);

		for (int attempt = 1; attempt < ParkingPolicy.DEFAULT_PARK_AFTER; attempt++) {
			assertThatThrownBy(
					() -> patient.decide(new GenericDeadLetter<>("c-1", event), new IllegalStateException("bug")))
				.hasMessage("bug");
		}
		EnqueueDecision<EventMessage<?>> decision = patient.decide(new GenericDeadLetter<>("c-1", event),
				new IllegalStateException("bug"));

		assertThat(decision.shouldEnqueue()).isTrue();
		DeadLetter<? extends EventMessage<?>> parked = decision.withDiagnostics(new GenericDeadLetter<>("c-1", event));
		assertThat(ParkingPolicy.attempts(parked)).isEqualTo(ParkingPolicy.DEFAULT_PARK_AFTER);
		EnqueueDecision<EventMessage<?>> retried = patient.decide(parked, new IllegalStateException("still a bug"));
		assertThat(retried.shouldEnqueue()).as("an operator's failed retry parks it again").isTrue();
		assertThat(ParkingPolicy.attempts(retried.withDiagnostics(parked)))
			.isEqualTo(ParkingPolicy.DEFAULT_PARK_AFTER + 1);
	}

	@Test
	void showsTheCausesOfAFailureWithTheirSqlStates() {
		PSQLException connectionLost = new PSQLException("connection lost", PSQLState.CONNECTION_FAILURE);

		assertThat(ParkingPolicy.causeOf(new IllegalStateException("command failed", connectionLost)).message())
			.isEqualTo("command failed <- PSQLException [08006]: connection lost");
	}

	@Test
	void parksMoreLettersInOneSequenceThanAxonsDefaultBound() {
		String group = group();
		JdbcSequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
		park(queue, "busy", 0, new IllegalStateException("fails"));
		for (long sequence = 1; sequence <= 1024; sequence++) {
			queue.enqueue("busy", new GenericDeadLetter<>("busy", event("busy", sequence)));
		}

		assertThat(queue.sequenceSize("busy")).isEqualTo(1025);
		assertThat(queue.isFull("busy")).isFalse();
	}

	@Test
	void tellsTheSequencesAGroupHasParkedWithoutReadingTheLetters() {
		String group = group();
		JdbcSequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
		park(queue, "c-1", 0, new IllegalStateException("fails"));
		queue.enqueue("c-1", new GenericDeadLetter<>("c-1", event("c-1", 1)));
		park(queue, "c-2", 0, new IllegalStateException("fails"));
		park(queue(group()), "elsewhere", 0, new IllegalStateException("fails"));

		assertThat(JdbcDeadLetterQueues.sequenceIdentifiers(group, CONNECTIONS, deadLetterSchema()))
			.containsExactlyInAnyOrder("c-1", "c-2");
	}

	@Test
	void evictsEverythingOfOneSequenceOnly() {
		String group = group();
		JdbcSequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
		park(queue, "c-1", 0, new IllegalStateException("fails"));
		queue.enqueue("c-1", new GenericDeadLetter<>("c-1", event("c-1", 1)));
		park(queue, "c-2", 0, new IllegalStateException("fails"));
		DeadLetters deadLetters = deadLetters(group, queue);

		assertThat(deadLetters.evict(group, "c-1")).isEqualTo(2);
		assertThat(deadLetters.evict(group, "c-1")).isZero();
		assertThat(deadLetters.retry(group, "c-1")).isEmpty();
		assertThat(deadLetters.counts()).containsEntry(group, 1L);
	}

	@Test
	void healthIsDegradedAndTheGaugeCountsWhileAnythingIsParked() {
		String group = group();
		JdbcSequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
		DeadLetters deadLetters = deadLetters(group, queue);
		DeadLettersHealthIndicator health = new DeadLettersHealthIndicator(deadLetters);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new DeadLetterMetrics(deadLetters).bindTo(registry);

		Health empty = health.health(true);
		assertThat(empty.getStatus()).isEqualTo(Status.UP);
		assertThat(empty.getDetails()).containsEntry("count", 0L);
		assertThat(registry.get(DeadLetterMetrics.NAME).tag("group", group).gauge().value()).isZero();

		park(queue, "c-1", 0, new IllegalStateException("fails"));

		Health parked = health.health(true);
		assertThat(parked.getStatus()).isEqualTo(DeadLettersHealthIndicator.DEGRADED);
		assertThat(parked.getDetails()).containsEntry("count", 1L).containsEntry("groups", java.util.Map.of(group, 1L));
		assertThat(registry.get(DeadLetterMetrics.NAME).tag("group", group).gauge().value()).isEqualTo(1.0);
	}

	private EnqueueDecision<EventMessage<?>> retryFails(DeadLetter<? extends EventMessage<?>> letter, String message) {
		return this.policy.decide(letter, new IllegalArgumentException(message));
	}

	private void park(JdbcSequencedDeadLetterQueue<EventMessage<?>> queue, String aggregate, long sequence,
			Exception failure) {
		DeadLetter<EventMessage<?>> letter = new GenericDeadLetter<>(aggregate, event(aggregate, sequence), failure);
		EnqueueDecision<EventMessage<?>> decision = this.policy.decide(letter, failure);
		queue.enqueue(aggregate, decision.withDiagnostics(letter.withCause(decision.enqueueCause().orElseThrow())));
	}

	private static DeadLetters deadLetters(String group, JdbcSequencedDeadLetterQueue<EventMessage<?>> queue) {
		return new DeadLetters(List.of(new DeadLetterGroup(group, queue, (sequence) -> false)),
				NoTransactionManager.INSTANCE);
	}

	private static JdbcSequencedDeadLetterQueue<EventMessage<?>> queue(String group) {
		JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
		return JdbcDeadLetterQueues.create(group, CONNECTIONS, NoTransactionManager.INSTANCE, deadLetterSchema(),
				serializer, serializer);
	}

	private static DeadLetterSchema deadLetterSchema() {
		return DeadLetterSchema.builder()
			.deadLetterTable("dead_letter_entry")
			.deadLetterIdentifierColumn("dead_letter_id")
			.processingGroupColumn("processing_group")
			.sequenceIdentifierColumn("sequence_identifier")
			.sequenceIndexColumn("sequence_index")
			.messageTypeColumn("message_type")
			.eventIdentifierColumn("event_identifier")
			.timestampColumn("time_stamp")
			.payloadTypeColumn("payload_type")
			.payloadRevisionColumn("payload_revision")
			.payloadColumn("payload")
			.metaDataColumn("meta_data")
			.aggregateTypeColumn("type")
			.aggregateIdentifierColumn("aggregate_identifier")
			.sequenceNumberColumn("sequence_number")
			.tokenTypeColumn("token_type")
			.tokenColumn("token")
			.enqueuedAtColumn("enqueued_at")
			.lastTouchedColumn("last_touched")
			.processingStartedColumn("processing_started")
			.causeTypeColumn("cause_type")
			.causeMessageColumn("cause_message")
			.diagnosticsColumn("diagnostics")
			.build();
	}

	private static DomainEventMessage<Renamed> event(String aggregate, long sequence) {
		return new GenericDomainEventMessage<>("Customer", aggregate, sequence, new Renamed(aggregate, "n" + sequence));
	}

	private static String group() {
		return "group-" + UUID.randomUUID();
	}

	private static List<String> script(String resource) throws IOException {
		try (InputStream in = DeadLettersTest.class.getClassLoader().getResourceAsStream(resource)) {
			String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			List<String> statements = new ArrayList<>();
			for (String statement : text.replaceAll("(?m)^--.*$", "").split(";")) {
				if (!statement.isBlank()) {
					statements.add(statement);
				}
			}
			return statements;
		}
	}

	/** One autocommit connection for the whole test, which the queue cannot close. */
	private static ConnectionProvider sharedConnection() {
		try {
			Connection connection = DriverManager.getConnection(DATABASE.jdbcUrl(), DATABASE.user(),
					DATABASE.password());
			Connection unclosable = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
					new Class<?>[] { Connection.class }, (proxy, method, args) -> {
						if (method.getName().equals("close")) {
							return null;
						}
						try {
							return method.invoke(connection, args);
						}
						catch (InvocationTargetException ex) {
							throw ex.getCause();
						}
					});
			return () -> unclosable;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	record Renamed(String id, String name) {

	}

}
