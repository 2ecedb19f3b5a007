package dev.ordersonaxon.eventstore;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ordersonaxon.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EventNotificationListenerTest {

	static final TestDatabase database = TestDatabase.create("notify_it");

	final AtomicInteger wakeUps = new AtomicInteger();

	EventNotificationListener listener;

	@AfterEach
	void stopListener() {
		if (this.listener != null) {
			this.listener.stop();
		}
	}

	@Test
	void wakesOnceWhenItStartsListeningAndAgainForEveryCommittedNotification() throws Exception {
		this.listener = new EventNotificationListener(EventNotificationListenerTest::connect, "new_events",
				this.wakeUps::incrementAndGet);

		this.listener.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.wakeUps.get() == 1);
		notify("new_events");

		await().atMost(Duration.ofSeconds(10)).until(() -> this.wakeUps.get() == 2);
	}

	@Test
	void ignoresOtherChannels() throws Exception {
		this.listener = new EventNotificationListener(EventNotificationListenerTest::connect, "new_events",
				this.wakeUps::incrementAndGet);
		this.listener.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.wakeUps.get() == 1);

		notify("something_else");
		notify("new_events");

		await().atMost(Duration.ofSeconds(10)).until(() -> this.wakeUps.get() >= 2);
		assertThat(this.wakeUps.get()).isEqualTo(2);
	}

	@Test
	void keepsRetryingWhileTheDatabaseCannotBeReached() {
		AtomicInteger attempts = new AtomicInteger();
		this.listener = new EventNotificationListener(() -> {
			attempts.incrementAndGet();
			throw new java.sql.SQLException("connection refused");
		}, "new_events", this.wakeUps::incrementAndGet);

		this.listener.start();

		await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() >= 2);
		assertThat(this.listener.isRunning()).isTrue();
		assertThat(this.wakeUps.get()).isZero();
	}

	@Test
	void refusesAChannelNameThatWouldNeedQuoting() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> new EventNotificationListener(EventNotificationListenerTest::connect, "x; drop table y",
					() -> {
					}));
	}

	private static Connection connect() throws java.sql.SQLException {
		return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
	}

	private static void notify(String channel) throws Exception {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("NOTIFY " + channel);
		}
	}

}
