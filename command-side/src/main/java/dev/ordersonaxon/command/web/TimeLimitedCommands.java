package dev.ordersonaxon.command.web;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.ordersonaxon.command.audit.AuditTrail;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.AxonThreadFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Sends the REST edge's commands and waits for each at most
 * {@code orders.command.timeout} (10 s by default); {@code sendAndWait} alone would wait
 * for ever on a stuck database or lock. The command runs on a thread of this class's
 * pool, because Axon's local command bus runs a command on the thread that sends it,
 * where nothing could time it out.
 * <p>
 * What a client can conclude from the 503 that a timeout answers: nothing was refused,
 * and the command may still complete, all of it or nothing (it commits in one
 * transaction). A repeat with the same {@code Idempotency-Key}, or a create repeated with
 * its own id, is safe and answers what the first did (see {@link IdempotentCommands}); a
 * restock repeated without a key applies twice.
 * <p>
 * The saga sends its commands through the {@link CommandGateway} directly, on its own
 * thread, in its own unit of work: only REST requests go through here.
 * <p>
 * At most as many commands run at once as the server takes requests; one beyond them
 * waits in line (first come, first served), its wait counted in its timeout. A command
 * that timed out and still runs keeps its place until it ends. The pool keeps about as
 * many threads as commands ran at once lately: an idle thread is reused before a new one
 * starts, and ends after a minute without work. (A pool that started a thread for each of
 * its first 200 commands and handed work to all of them in turn kept 200 threads, each
 * with its stack resident, for good.)
 */
@Component
@EnableConfigurationProperties(CommandTimeoutSettings.class)
public class TimeLimitedCommands implements DisposableBean {

	private final CommandGateway gateway;

	private final Duration timeout;

	private final ThreadPoolExecutor executor;

	/** One per command that may run now; waited for in order of arrival. */
	private final Semaphore running;

	/**
	 * @param threads how many commands run at once: as many as the server takes requests
	 */
	TimeLimitedCommands(CommandGateway gateway, CommandTimeoutSettings settings,
			@Value("${server.tomcat.threads.max:200}") int threads) {
		this.gateway = gateway;
		this.timeout = settings.timeout();
		this.running = new Semaphore(threads, true);
		// a hand-over queue: a task goes to the thread idle the shortest time, or to a
		// new one; the semaphore bounds how many run
		this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
				new AxonThreadFactory("rest-commands"));
	}

	/**
	 * Sends the command and waits for its outcome, at most the configured timeout.
	 * @throws CommandTimeoutException when it has not completed in time
	 */
	public <R> R sendAndWait(Object command) {
		// who sent it is known on this thread only: the command carries it from here
		Object message = AuditTrail.onBehalfOfCurrentPrincipal(command);
		long deadline = System.nanoTime() + this.timeout.toNanos();
		Future<R> outcome;
		try {
			if (!this.running.tryAcquire(this.timeout.toNanos(), TimeUnit.NANOSECONDS)) {
				// still in line: it never runs
				throw new CommandTimeoutException(this.timeout);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CommandTimeoutException(this.timeout);
		}
		try {
			outcome = this.executor.submit(() -> {
				try {
					return this.gateway.<R>sendAndWait(message);
				}
				finally {
					this.running.release();
				}
			});
		}
		catch (RuntimeException ex) {
			// not taken (the pool is shutting down): it never runs
			this.running.release();
			throw ex;
		}
		try {
			return outcome.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			// it goes on to its end, holding its place
			throw new CommandTimeoutException(this.timeout);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CommandTimeoutException(this.timeout);
		}
	}

	/** Threads the pool holds now, running or idle. */
	int threads() {
		return this.executor.getPoolSize();
	}

	@Override
	public void destroy() {
		this.executor.shutdown();
	}

}
