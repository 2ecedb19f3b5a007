package dev.ordersonaxon.query.infrastructure;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Write-behind buffer for the views one batch of events changes. Changes are kept per key
 * in the batch's unit of work and written in one JDBC batch when it prepares to commit,
 * in the same transaction as the processor's token. A rolled-back batch takes its buffer
 * with it. Outside a unit of work, writes go straight through. So do the writes of an
 * event that {@link EventIsolation} isolates, each in a savepoint: a refused write then
 * fails that event's handler and undoes nothing else.
 *
 * @param <K> the view's key
 * @param <V> the view
 */
public final class BatchedWrites<K, V> {

	private final String resourceKey;

	private final Consumer<Collection<V>> writer;

	private final TransactionOperations savepoint;

	/** Buffers without savepoints, for views that never see an isolated event. */
	public BatchedWrites(String name, Consumer<Collection<V>> writer) {
		this(name, writer, TransactionOperations.withoutTransaction());
	}

	/**
	 * @param transactions the transactions the processors' batches run in; isolated
	 * writes run in a savepoint of the current one
	 */
	public BatchedWrites(String name, Consumer<Collection<V>> writer, PlatformTransactionManager transactions) {
		this(name, writer, savepoints(transactions));
	}

	private BatchedWrites(String name, Consumer<Collection<V>> writer, TransactionOperations savepoint) {
		this.resourceKey = BatchedWrites.class.getName() + "." + name;
		this.writer = writer;
		this.savepoint = savepoint;
	}

	/** The value buffered for the key in the current batch, if any. */
	public Optional<V> pending(K key) {
		if (!CurrentUnitOfWork.isStarted()) {
			return Optional.empty();
		}
		Map<K, V> pending = CurrentUnitOfWork.get().root().getResource(this.resourceKey);
		return (pending != null) ? Optional.ofNullable(pending.get(key)) : Optional.empty();
	}

	public void write(K key, V value) {
		if (!CurrentUnitOfWork.isStarted()) {
			this.writer.accept(List.of(value));
			return;
		}
		UnitOfWork<?> root = CurrentUnitOfWork.get().root();
		if (EventIsolation.isolated()) {
			this.savepoint.executeWithoutResult((status) -> this.writer.accept(List.of(value)));
			// written: supersedes what an earlier event of the batch buffered for the key
			Map<K, V> buffered = root.getResource(this.resourceKey);
			if (buffered != null) {
				buffered.remove(key);
			}
			return;
		}
		Map<K, V> pending = root.getOrComputeResource(this.resourceKey, (name) -> {
			Map<K, V> buffer = new LinkedHashMap<>();
			root.onPrepareCommit((uow) -> flush(buffer));
			return buffer;
		});
		pending.put(key, value);
	}

	/** Forgets what the current batch buffered, e.g. when the view is cleared. */
	public void discard() {
		if (CurrentUnitOfWork.isStarted()) {
			Map<K, V> pending = CurrentUnitOfWork.get().root().getResource(this.resourceKey);
			if (pending != null) {
				pending.clear();
			}
		}
	}

	private static TransactionOperations savepoints(PlatformTransactionManager transactions) {
		TransactionTemplate nested = new TransactionTemplate(transactions);
		nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
		return nested;
	}

	private void flush(Map<K, V> buffer) {
		if (!buffer.isEmpty()) {
			this.writer.accept(buffer.values());
			buffer.clear();
		}
	}

}
