package dev.ordersonaxon.command.web;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;

/**
 * Stands in for the command bus at the HTTP edge: records what the controllers dispatch
 * and answers with a chosen failure, so edge tests can prove that bad input dispatches
 * nothing.
 */
class RecordingCommandGateway implements CommandGateway {

	private final List<Object> dispatched = new CopyOnWriteArrayList<>();

	private volatile RuntimeException failure;

	List<Object> dispatched() {
		return this.dispatched;
	}

	void failWith(RuntimeException failure) {
		this.failure = failure;
	}

	void reset() {
		this.dispatched.clear();
		this.failure = null;
	}

	@Override
	public <R> R sendAndWait(Object command) {
		this.dispatched.add((command instanceof CommandMessage<?> message) ? message.getPayload() : command);
		if (this.failure != null) {
			throw this.failure;
		}
		return null;
	}

	@Override
	public <R> R sendAndWait(Object command, long timeout, TimeUnit unit) {
		return sendAndWait(command);
	}

	@Override
	public <R> CompletableFuture<R> send(Object command) {
		try {
			return CompletableFuture.completedFuture(sendAndWait(command));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public <C, R> void send(C command, CommandCallback<? super C, ? super R> callback) {
		throw new UnsupportedOperationException("the REST edge does not dispatch with callbacks");
	}

	@Override
	public Registration registerDispatchInterceptor(
			MessageDispatchInterceptor<? super CommandMessage<?>> dispatchInterceptor) {
		return () -> true;
	}

}
