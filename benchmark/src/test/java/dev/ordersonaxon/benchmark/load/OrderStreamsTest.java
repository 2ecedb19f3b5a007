package dev.ordersonaxon.benchmark.load;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import dev.ordersonaxon.benchmark.HttpJson;
import dev.ordersonaxon.benchmark.load.ScriptedUpdates.Stream;
import dev.ordersonaxon.benchmark.load.Views.OrderView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Orders followed on their live-update streams against a real HTTP server whose streams
 * the test writes, ends and breaks.
 */
class OrderStreamsTest {

	private static final Predicate<OrderView> DECIDED = (view) -> !"PENDING".equals(view.status());

	private static final Predicate<OrderView> CANCELLED = (view) -> "CANCELLED".equals(view.status())
			|| "REJECTED".equals(view.status());

	private final ExecutorService httpExecutor = Executors.newFixedThreadPool(2);

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	/** The scripted server checks no token. */
	private final HttpJson http = new HttpJson(this.httpExecutor, null);

	private final AtomicLong requests = new AtomicLong();

	private final ScriptedUpdates server;

	OrderStreamsTest() throws Exception {
		this.server = new ScriptedUpdates();
	}

	@AfterEach
	void stop() {
		this.server.close();
		this.scheduler.shutdownNow();
		this.httpExecutor.shutdownNow();
	}

	@Test
	void answersTheFirstViewThatMatchesAsItArrives() throws Exception {
		try (OrderWatch watch = streams(Duration.ofSeconds(10)).follow("o1")) {
			CompletableFuture<Seen> decided = watch.until(DECIDED);
			Stream stream = this.server.nextStream();
			stream.write(":connected\n\nevent:heartbeat\ndata:{}\n\n");
			stream.send("PENDING");
			assertThat(decided).isNotDone();
			long beforeApproval = System.nanoTime();
			stream.send("APPROVED");

			Seen seen = decided.get(10, TimeUnit.SECONDS);

			assertThat(seen.view().status()).isEqualTo("APPROVED");
			assertThat(seen.view().orderId()).isEqualTo("o1");
			assertThat(seen.at()).isBetween(beforeApproval, System.nanoTime());
			assertThat(watch.streamOpened()).isTrue();
			assertThat(watch.fallback()).isNull();
			assertThat(this.server.reads()).isZero();
			assertThat(this.requests).hasValue(1);
		}
	}

	@Test
	void followsACancelFromApprovedToCancelledOnTheSameStream() throws Exception {
		try (OrderWatch watch = streams(Duration.ofSeconds(10)).follow("o1")) {
			Stream stream = this.server.nextStream();
			stream.send("APPROVED");
			assertThat(watch.until(DECIDED).get(10, TimeUnit.SECONDS).view().status()).isEqualTo("APPROVED");

			CompletableFuture<Seen> cancelled = watch.until(CANCELLED);
			assertThat(cancelled).isNotDone();
			stream.send("CANCELLED");
			stream.end();

			assertThat(cancelled.get(10, TimeUnit.SECONDS).view().status()).isEqualTo("CANCELLED");
			assertThat(watch.fallback()).isNull();
			assertThat(this.server.noOtherStream()).isTrue();
			assertThat(this.server.reads()).isZero();
		}
	}

	@Test
	void aFinalViewAlreadyReceivedAnswersLaterWaitsEvenOnceTheStreamHasEnded() throws Exception {
		try (OrderWatch watch = streams(Duration.ofSeconds(10)).follow("o1")) {
			Stream stream = this.server.nextStream();
			stream.send("REJECTED");
			stream.end();
			Seen decided = watch.until(DECIDED).get(10, TimeUnit.SECONDS);

			Seen cancelled = watch.until(CANCELLED).get(10, TimeUnit.SECONDS);

			assertThat(cancelled).isSameAs(decided);
			assertThat(cancelled.view().rejectionReason()).isEqualTo("OUT_OF_STOCK");
			assertThat(watch.fallback()).isNull();
		}
	}

	@Test
	void pollsAnOrderWhoseStreamIsRefused() throws Exception {
		this.server.refuseStreams(404);
		this.server.serve("o1", "APPROVED");
		try (OrderWatch watch = streams(Duration.ofSeconds(10)).follow("o1")) {
			Seen seen = watch.until(DECIDED).get(10, TimeUnit.SECONDS);

			assertThat(seen.view().status()).isEqualTo("APPROVED");
			assertThat(watch.streamOpened()).isFalse();
			assertThat(watch.fallback()).isEqualTo("HTTP 404");
			assertThat(this.server.reads()).isPositive();
		}
	}

	@Test
	void pollsAnOrderWhoseStreamEndsBeforeTheAwaitedState() throws Exception {
		this.server.serve("o1", "APPROVED");
		try (OrderWatch watch = streams(Duration.ofSeconds(10)).follow("o1")) {
			CompletableFuture<Seen> decided = watch.until(DECIDED);
			Stream stream = this.server.nextStream();
			stream.send("PENDING");
			stream.end();

			assertThat(decided.get(10, TimeUnit.SECONDS).view().status()).isEqualTo("APPROVED");
			assertThat(watch.streamOpened()).isTrue();
			assertThat(watch.fallback()).isEqualTo("ended before the awaited state");
		}
	}

	@Test
	void pollsAnOrderWhoseStreamBreaks() throws Exception {
		this.server.announceALengthStreamsNeverReach();
		this.server.serve("o1", "REJECTED");
		try (OrderWatch watch = streams(Duration.ofSeconds(10)).follow("o1")) {
			CompletableFuture<Seen> decided = watch.until(DECIDED);
			Stream stream = this.server.nextStream();
			stream.send("PENDING");
			stream.end();

			assertThat(decided.get(10, TimeUnit.SECONDS).view().status()).isEqualTo("REJECTED");
			assertThat(watch.fallback()).startsWith("failed: ");
		}
	}

	@Test
	void pollsAnOrderWhoseStreamStaysWithoutTheAwaitedState() throws Exception {
		this.server.serve("o1", "APPROVED");
		try (OrderWatch watch = streams(Duration.ofMillis(200)).follow("o1")) {
			Stream stream = this.server.nextStream();
			stream.send("PENDING");

			Seen seen = watch.until(DECIDED).get(10, TimeUnit.SECONDS);

			assertThat(seen.view().status()).isEqualTo("APPROVED");
			assertThat(watch.fallback()).isEqualTo("awaited state not streamed within 200 ms");
			assertThat(stream.clientHungUpWithin(Duration.ofSeconds(10))).isTrue();
		}
	}

	@Test
	void aStreamBrokenBetweenTwoWaitsMakesOnlyTheSecondOnePoll() throws Exception {
		this.server.serve("o1", "CANCELLED");
		try (OrderWatch watch = streams(Duration.ofSeconds(10)).follow("o1")) {
			Stream stream = this.server.nextStream();
			stream.send("APPROVED");
			assertThat(watch.until(DECIDED).get(10, TimeUnit.SECONDS).view().status()).isEqualTo("APPROVED");
			stream.end();
			assertThat(watch.fallback()).isNull();

			Seen cancelled = watch.until(CANCELLED).get(10, TimeUnit.SECONDS);

			assertThat(cancelled.view().status()).isEqualTo("CANCELLED");
			assertThat(watch.fallback()).isEqualTo("ended before the awaited state");
		}
	}

	@Test
	void pollsAnOrderWhoseEventCannotBeRead() throws Exception {
		this.server.serve("o1", "APPROVED");
		try (OrderWatch watch = streams(Duration.ofSeconds(10)).follow("o1")) {
			CompletableFuture<Seen> decided = watch.until(DECIDED);
			this.server.nextStream().write("event:order\ndata:{not json\n\n");

			assertThat(decided.get(10, TimeUnit.SECONDS).view().status()).isEqualTo("APPROVED");
			assertThat(watch.fallback()).isEqualTo("unreadable event");
		}
	}

	@Test
	void closingTheWatchHangsUpTheStream() throws Exception {
		OrderWatch watch = streams(Duration.ofSeconds(10)).follow("o1");
		Stream stream = this.server.nextStream();
		stream.send("APPROVED");
		assertThat(watch.until(DECIDED).get(10, TimeUnit.SECONDS).view().status()).isEqualTo("APPROVED");

		watch.close();

		assertThat(stream.clientHungUpWithin(Duration.ofSeconds(10))).isTrue();
		assertThat(watch.fallback()).isNull();
		assertThat(this.server.reads()).isZero();
	}

	@Test
	void aWaitStillOpenWhenTheWatchClosesEndsWithoutAView() throws Exception {
		OrderWatch watch = streams(Duration.ofSeconds(10)).follow("o1");
		CompletableFuture<Seen> decided = watch.until(DECIDED);
		this.server.nextStream().send("PENDING");

		watch.close();

		assertThat(decided.get(10, TimeUnit.SECONDS)).isNull();
		assertThat(watch.fallback()).isNull();
	}

	private OrderStreams streams(Duration silence) {
		OrderPoller poller = new OrderPoller(this.http, this.scheduler, this.server.url(), Duration.ofMillis(5),
				Duration.ofSeconds(10), new AtomicLong());
		return new OrderStreams(this.http, this.scheduler, poller, this.server.url(), silence, this.requests);
	}

}
