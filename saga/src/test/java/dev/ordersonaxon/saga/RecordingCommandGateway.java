package dev.ordersonaxon.saga;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;

/**
 * A command gateway that records what is sent and answers as told (by default: success at
 * once). It refuses every blocking call, so a test fails if a handler waits on a command.
 */
class RecordingCommandGateway implements CommandGateway {

	private final List<Object> sent = new ArrayList<>();

	private Function<Object, CompletableFuture<Object>> answer = (command) -> CompletableFuture.completedFuture(null);

	RecordingCommandGateway answering(Function<Object, CompletableFuture<Object>> answer) {
		this.answer = answer;
		return this;
	}

	List<Object> sent() {
		return this.sent;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <R> CompletableFuture<R> send(Object command) {
		this.sent.add(command);
		return (CompletableFuture<R>) this.answer.apply(command);
	}

	@Override
	public <C, R> void send(C command, CommandCallback<? super C, ? super R> callback) {
		throw new UnsupportedOperationException("callback-style send is not used");
	}

	@Override
	public <R> R sendAndWait(Object command) {
		throw new UnsupportedOperationException("handlers must not block on a command");
	}

	@Override
	public <R> R sendAndWait(Object command, long timeout, TimeUnit unit) {
		throw new UnsupportedOperationException("handlers must not block on a command");
	}

	@Override
	public Registration registerDispatchInterceptor(
			MessageDispatchInterceptor<? super CommandMessage<?>> dispatchInterceptor) {
		throw new UnsupportedOperationException();
	}

}
