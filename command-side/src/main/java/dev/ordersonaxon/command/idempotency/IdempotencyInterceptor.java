package dev.ordersonaxon.command.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Handles a command whose request carried an {@code Idempotency-Key} at most once per
 * key. It runs on the command bus, inside the command's unit of work and transaction
 * (Axon attaches the transaction before the interceptors run), so the answer is stored in
 * the transaction that appends the command's events: both are stored, or neither.
 * <ul>
 * <li>Another transaction holds the key: the first request is in flight, 409.</li>
 * <li>An answer is stored for the same fingerprint: it is the command's result, and the
 * command is not handled; nothing is appended.</li>
 * <li>An answer is stored for another fingerprint: 422.</li>
 * <li>Nothing is stored: the command is handled, then its answer is stored. A command
 * that fails stores nothing, so its repeat is handled afresh.</li>
 * </ul>
 */
class IdempotencyInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

	private final IdempotencyStore store;

	private final Duration ttl;

	private final Clock clock;

	IdempotencyInterceptor(IdempotencyStore store, Duration ttl, Clock clock) {
		this.store = store;
		this.ttl = ttl;
		this.clock = clock;
	}

	@Override
	public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
			throws Exception {
		Optional<IdempotentRequest> carried = IdempotentRequest.from(unitOfWork.getMessage().getMetaData());
		if (carried.isEmpty()) {
			return interceptorChain.proceed();
		}
		IdempotentRequest request = carried.get();
		if (!this.store.tryLock(request.key())) {
			throw new IdempotencyKeyInFlightException(request.key());
		}
		Instant now = this.clock.instant();
		Optional<IdempotencyStore.Stored> stored = this.store.find(request.key());
		boolean expired = stored.isPresent() && stored.get().hasExpiredBy(now);
		if (stored.isPresent() && !expired) {
			if (!stored.get().fingerprint().equals(request.fingerprint())) {
				throw new IdempotencyKeyReusedException(request.key());
			}
			return stored.get().answer();
		}
		Object result = interceptorChain.proceed();
		this.store.remember(request, now, now.plus(this.ttl), expired);
		return result;
	}

}
