package dev.ordersonaxon.command.web;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** How the REST edge runs its commands: bounded, timed, on few threads. */
class TimeLimitedCommandsTest {

	private final ExecutorService requests = Executors.newCachedThreadPool();

	@AfterEach
	void stop() {
		this.requests.shutdownNow();
	}

	@Test
	void runsCommandsOneAfterAnotherOnTheThreadThatRanTheLast() {
		Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
		TimeLimitedCommands commands = new TimeLimitedCommands(new RecordingCommandGateway() {
			@Override
			public <R> R sendAndWait(Object command) {
				ranOn.add(Thread.currentThread());
				return super.sendAndWait(command);
			}
		}, new CommandTimeoutSettings(Duration.ofSeconds(10)), 200);
		try {
			for (int i = 0; i < 100; i++) {
				commands.sendAndWait("command " + i);
			}

			// a thread for each of the first 200 commands, as before, would be 100 here;
			// a thread may still be on its way back when the next command is handed over
			assertThat(ranOn).hasSizeLessThanOrEqualTo(10);
			assertThat(commands.threads()).isLessThanOrEqualTo(10);
		}
		finally {
			commands.destroy();
		}
	}

	@Test
	void aCommandBeyondTheBoundWaitsInLineAndNeverRunsIfItsTimeRunsOut() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		RecordingCommandGateway gateway = new RecordingCommandGateway() {
			@Override
			public <R> R sendAndWait(Object command) {
				R result = super.sendAndWait(command);
				try {
					release.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return result;
			}
		};
		TimeLimitedCommands commands = new TimeLimitedCommands(gateway,
				new CommandTimeoutSettings(Duration.ofMillis(300)), 2);
		try {
			Future<Object> first = this.requests.submit(() -> commands.sendAndWait("first"));
			Future<Object> second = this.requests.submit(() -> commands.sendAndWait("second"));
			await().atMost(Duration.ofSeconds(10)).until(() -> gateway.dispatched().size() == 2);

			assertThatThrownBy(() -> commands.sendAndWait("third")).isInstanceOf(CommandTimeoutException.class);
			// the two running ones timed out too, and go on to their end
			assertThat(first).failsWithin(Duration.ofSeconds(10))
				.withThrowableThat()
				.withCauseInstanceOf(CommandTimeoutException.class);
			assertThat(second).failsWithin(Duration.ofSeconds(10))
				.withThrowableThat()
				.withCauseInstanceOf(CommandTimeoutException.class);
			assertThat(gateway.dispatched()).containsExactlyInAnyOrder("first", "second");

			release.countDown();
			commands.sendAndWait("fourth");

			assertThat(gateway.dispatched()).containsExactlyInAnyOrder("first", "second", "fourth");
		}
		finally {
			commands.destroy();
		}
	}

}
