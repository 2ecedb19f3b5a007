package dev.ordersonaxon.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.apache.tomcat.util.threads.TaskThreadFactory;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The queue in Tomcat's own thread pool, as the server runs it.
 */
class IdleThreadLastFirstQueueTest {

	private final List<Thread> clients = new ArrayList<>();

	private final AtomicBoolean loadRuns = new AtomicBoolean(true);

	private ThreadPoolExecutor pool;

	@AfterEach
	void stop() throws InterruptedException {
		this.loadRuns.set(false);
		for (Thread client : this.clients) {
			client.join(10_000);
		}
		this.pool.shutdownNow();
	}

	@Test
	void endsTheThreadsABurstStartedWhileASteadyLoadGoesOn() throws Exception {
		this.pool = pool(2, 100, Duration.ofMillis(500));
		CountDownLatch release = new CountDownLatch(1);
		occupyThreads(60, release);
		assertThat(this.pool.getPoolSize()).isEqualTo(60);
		release.countDown();

		// 4 clients, each sending the next request as soon as the last was answered: with
		// Tomcat's own queue every one of the 60 threads gets one about every 15 ms
		AtomicInteger answered = new AtomicInteger();
		for (int i = 0; i < 4; i++) {
			startClient(() -> {
				Future<?> request = this.pool.submit(() -> LockSupport.parkNanos(1_000_000));
				request.get();
				answered.incrementAndGet();
			});
		}

		await().atMost(Duration.ofSeconds(20)).until(() -> this.pool.getPoolSize() <= 8);
		int before = answered.get();
		await().atMost(Duration.ofSeconds(5)).until(() -> answered.get() > before + 100);
	}

	@Test
	void losesNoTaskWhileThreadsTimeOutAndStartAgain() throws Exception {
		// every thread may time out after 1 ms idle, racing with the tasks offered
		this.pool = pool(0, 4, Duration.ofMillis(1));
		int producers = 8;
		int tasksEach = 5_000;
		CountDownLatch done = new CountDownLatch(producers * tasksEach);
		for (int i = 0; i < producers; i++) {
			startOnce(() -> {
				for (int task = 0; task < tasksEach; task++) {
					this.pool.execute(done::countDown);
					if (task % 500 == 0) {
						// a pause long enough for idle threads to time out
						LockSupport.parkNanos(2_000_000);
					}
				}
			});
		}

		assertThat(done.await(30, TimeUnit.SECONDS)).as("tasks left: %d", done.getCount()).isTrue();
	}

	@Test
	void queuesATaskBeyondTheLastThreadAndRunsItOnceOneIsFree() throws Exception {
		this.pool = pool(1, 2, Duration.ofSeconds(60));
		CountDownLatch release = new CountDownLatch(1);
		occupyThreads(2, release);
		CountDownLatch third = new CountDownLatch(1);

		this.pool.execute(third::countDown);
		assertThat(this.pool.getQueue()).hasSize(1);
		assertThat(this.pool.getPoolSize()).isEqualTo(2);
		release.countDown();

		assertThat(third.await(10, TimeUnit.SECONDS)).isTrue();
	}

	private ThreadPoolExecutor pool(int core, int max, Duration idle) {
		IdleThreadLastFirstQueue queue = new IdleThreadLastFirstQueue(Integer.MAX_VALUE);
		ThreadPoolExecutor executor = new ThreadPoolExecutor(core, max, idle.toNanos(), TimeUnit.NANOSECONDS, queue,
				new TaskThreadFactory("test-exec-", true, Thread.NORM_PRIORITY));
		queue.setParent(executor);
		return executor;
	}

	/** Runs the step over and over on a thread of its own until the test ends. */
	private void startClient(ClientStep step) {
		startOnce(() -> {
			while (this.loadRuns.get()) {
				step.run();
			}
		});
	}

	private void startOnce(ClientStep work) {
		Thread client = new Thread(() -> {
			try {
				work.run();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		client.setDaemon(true);
		client.start();
		this.clients.add(client);
	}

	/**
	 * Gives the pool tasks that each hold a thread until released; returns once all run.
	 */
	private void occupyThreads(int threads, CountDownLatch release) throws InterruptedException {
		CountDownLatch running = new CountDownLatch(threads);
		for (int i = 0; i < threads; i++) {
			this.pool.execute(() -> {
				running.countDown();
				awaitQuietly(release);
			});
		}
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@FunctionalInterface
	private interface ClientStep {

		void run() throws Exception;

	}

}
