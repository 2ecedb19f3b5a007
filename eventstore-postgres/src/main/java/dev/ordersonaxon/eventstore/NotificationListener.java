package dev.ordersonaxon.eventstore;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Listens on a PostgreSQL notification channel with a connection of its own and hands
 * each batch of notification payloads to a callback. A trigger on the event table
 * notifies {@code domain_events} when an insert commits, so processors in every process
 * see new events within milliseconds instead of after their poll interval. If the
 * connection breaks, polling still finds the events; the listener reconnects with
 * backoff, and after every (re)connect calls the callback once with no payloads, for what
 * it may have missed.
 */
public class NotificationListener implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(NotificationListener.class);

	private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]*");

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

	/** Opens the listening connection; called again after every failure. */
	@FunctionalInterface
	public interface ConnectionFactory {

		Connection connect() throws SQLException;

	}

	private final ConnectionFactory connections;

	private final String channel;

	private final Consumer<List<String>> onNotification;

	private volatile boolean running;

	private volatile Thread thread;

	public NotificationListener(ConnectionFactory connections, String channel, Consumer<List<String>> onNotification) {
		if (!CHANNEL.matcher(channel).matches()) {
			throw new IllegalArgumentException("not a plain channel name: " + channel);
		}
		this.connections = connections;
		this.channel = channel;
		this.onNotification = onNotification;
	}

	@Override
	public void start() {
		this.running = true;
		Thread listener = new Thread(this::listenUntilStopped, "event-notifications-" + this.channel);
		listener.setDaemon(true);
		this.thread = listener;
		listener.start();
	}

	@Override
	public void stop() {
		this.running = false;
		Thread listener = this.thread;
		if (listener != null) {
			listener.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void listenUntilStopped() {
		Duration backoff = Duration.ofSeconds(1);
		while (this.running) {
			try (Connection connection = this.connections.connect()) {
				listen(connection);
				backoff = Duration.ofSeconds(1);
			}
			catch (SQLException | RuntimeException ex) {
				if (!this.running) {
					return;
				}
				logger.warn("Listening on '{}' failed, processors fall back to polling; retrying in {} s: {}",
						this.channel, backoff.toSeconds(), ex.getMessage());
				if (!pause(backoff)) {
					return;
				}
				backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
			}
		}
	}

	private void listen(Connection connection) throws SQLException {
		connection.setAutoCommit(true);
		try (Statement statement = connection.createStatement()) {
			statement.execute("LISTEN " + this.channel);
		}
		PGConnection notifications = connection.unwrap(PGConnection.class);
		logger.info("Listening for new events on channel '{}'", this.channel);
		// whatever was committed while we were not listening
		this.onNotification.accept(List.of());
		while (this.running) {
			PGNotification[] received = notifications.getNotifications(1000);
			if (received != null && received.length > 0) {
				this.onNotification.accept(Arrays.stream(received).map(PGNotification::getParameter).toList());
			}
		}
	}

	private static boolean pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
