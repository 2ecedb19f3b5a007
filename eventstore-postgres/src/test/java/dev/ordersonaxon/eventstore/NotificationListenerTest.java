package dev.ordersonaxon.eventstore;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ordersonaxon.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class NotificationListenerTest {

	static final TestDatabase database = TestDatabase.create("notify_it");

	final AtomicInteger wakeUps = new AtomicInteger();

	final List<String> payloads = new CopyOnWriteArrayList<>();

	NotificationListener listener;

	private void received(List<String> payloads) {
		this.payloads.addAll(payloads);
		this.wakeUps.incrementAndGet();
	}

	@AfterEach
	void stopListener() {
		if (this.listener != null) {
			this.listener.stop();
		}
	}

	@Test
	void wakesOnceWhenItStartsListeningAndAgainForEveryCommittedNotification() throws Exception {
		this.listener = new NotificationListener(NotificationListenerTest::connect, "new_events", this::received);

		this.listener.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.wakeUps.get() == 1);
		notify("new_events", "o-1");

		await().atMost(Duration.ofSeconds(10)).until(() -> this.wakeUps.get() == 2);
		assertThat(this.payloads).containsExactly("o-1");
	}

	@Test
	void ignoresOtherChannels() throws Exception {
		this.listener = new NotificationListener(NotificationListenerTest::connect, "new_events", this::received);
		this.listener.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.wakeUps.get() == 1);

		notify("something_else", "");
		notify("new_events", "");

		await().atMost(Duration.ofSeconds(10)).until(() -> this.wakeUps.get() >= 2);
		assertThat(this.wakeUps.get()).isEqualTo(2);
	}

	@Test
	void keepsRetryingWhileTheDatabaseCannotBeReached() {
		AtomicInteger attempts = new AtomicInteger();
		this.listener = new NotificationListener(() -> {
			attempts.incrementAndGet();
			throw new java.sql.SQLException("connection refused");
		}, "new_events", this::received);

		this.listener.start();

		await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() >= 2);
		assertThat(this.listener.isRunning()).isTrue();
		assertThat(this.wakeUps.get()).isZero();
	}

	@Test
	void refusesAChannelNameThatWouldNeedQuoting() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(
					() -> new NotificationListener(NotificationListenerTest::connect, "x; drop table y", (payloads) -> {
					}));
	}

	private static Connection connect() throws java.sql.SQLException {
		return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
	}

	private static void notify(String channel, String payload) throws Exception {
		try (Connection connection = connect();
				PreparedStatement statement = connection.prepareStatement("select pg_notify(?, ?)")) {
			statement.setString(1, channel);
			statement.setString(2, payload);
			statement.execute();
		}
	}

}
