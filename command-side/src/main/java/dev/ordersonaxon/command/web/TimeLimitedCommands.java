package dev.ordersonaxon.command.web;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
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
 */
@Component
@EnableConfigurationProperties(CommandTimeoutSettings.class)
public class TimeLimitedCommands implements DisposableBean {

	private final CommandGateway gateway;

	private final Duration timeout;

	private final ThreadPoolExecutor executor;

	/**
	 * @param threads as many commands run at once as the server takes requests; commands
	 * that timed out and still run hold a thread, and one beyond them waits in line, its
	 * wait counted in its timeout
	 */
	TimeLimitedCommands(CommandGateway gateway, CommandTimeoutSettings settings,
			@Value("${server.tomcat.threads.max:200}") int threads) {
		this.gateway = gateway;
		this.timeout = settings.timeout();
		this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				new AxonThreadFactory("rest-commands"));
		this.executor.allowCoreThreadTimeOut(true);
	}

	/**
	 * Sends the command and waits for its outcome, at most the configured timeout.
	 * @throws CommandTimeoutException when it has not completed in time
	 */
	public <R> R sendAndWait(Object command) {
		// who sent it is known on this thread only: the command carries it from here
		Object message = AuditTrail.onBehalfOfCurrentPrincipal(command);
		Future<R> outcome = this.executor.submit(() -> this.gateway.<R>sendAndWait(message));
		try {
			return outcome.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			// one still waiting in line never runs; one running goes on to its end
			outcome.cancel(false);
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
			outcome.cancel(false);
			throw new CommandTimeoutException(this.timeout);
		}
	}

	@Override
	public void destroy() {
		this.executor.shutdown();
	}

}
