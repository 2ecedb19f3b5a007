package dev.ordersonaxon.query.infrastructure;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
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
 * <p>
 * Reads go through the buffer too ({@link #find}), and the {@link ReadAhead}'s one query
 * for many views: the first view a batch asks for that it does not hold brings with it
 * the views of every event of the batch that will change one.
 * <p>
 * The handling of an event reads and writes the table its {@link ViewTable} gives the
 * batch (the rebuild table while a replay rebuilds the view); any other read (a query)
 * reads the view's own.
 *
 * @param <K> the view's key
 * @param <V> the view
 */
public final class BatchedWrites<K, V> {

	private final String resourceKey;

	private final String readKey;

	private final ViewTable table;

	private final BiConsumer<String, Collection<V>> writer;

	private final TransactionOperations savepoint;

	private final ReadAhead<K, V> reads;

	/** Buffers without savepoints, for views that never see an isolated event. */
	BatchedWrites(ViewTable table, BiConsumer<String, Collection<V>> writer, ReadAhead<K, V> reads) {
		this(table, writer, TransactionOperations.withoutTransaction(), reads);
	}

	/**
	 * @param table the view's table
	 * @param writer writes rows into the table named
	 * @param transactions the transactions the processors' batches run in; isolated
	 * writes run in a savepoint of the current one
	 * @param reads how views are read by key, and which events name one a batch will
	 * change
	 */
	public BatchedWrites(ViewTable table, BiConsumer<String, Collection<V>> writer,
			PlatformTransactionManager transactions, ReadAhead<K, V> reads) {
		this(table, writer, savepoints(transactions), reads);
	}

	private BatchedWrites(ViewTable table, BiConsumer<String, Collection<V>> writer, TransactionOperations savepoint,
			ReadAhead<K, V> reads) {
		this.resourceKey = BatchedWrites.class.getName() + "." + table.name();
		this.readKey = this.resourceKey + ".read";
		this.table = table;
		this.writer = writer;
		this.savepoint = savepoint;
		this.reads = Objects.requireNonNull(reads, "reads");
	}

	/**
	 * The view for the key as the current batch leaves it so far: the value buffered for
	 * it, else the one read ahead for the batch, else the one stored. Outside the
	 * handling of an event, the one the API reads.
	 */
	public Optional<V> find(K key) {
		if (!CurrentUnitOfWork.isStarted() || !(CurrentUnitOfWork.get().root().getMessage() instanceof EventMessage)) {
			return readOne(this.table.live(), key);
		}
		UnitOfWork<?> root = CurrentUnitOfWork.get().root();
		Map<K, V> pending = root.getResource(this.resourceKey);
		V buffered = (pending != null) ? pending.get(key) : null;
		if (buffered != null) {
			return Optional.of(buffered);
		}
		String table = this.table.forBatch(root);
		Map<K, Optional<V>> read = root.getOrComputeResource(this.readKey, (name) -> readAhead(root, table, pending));
		Optional<V> known = read.get(key);
		return (known != null) ? known : readOne(table, key);
	}

	private Optional<V> readOne(String table, K key) {
		return Optional.ofNullable(this.reads.read(table, List.of(key)).get(key));
	}

	public void write(K key, V value) {
		if (!CurrentUnitOfWork.isStarted()) {
			this.writer.accept(this.table.live(), List.of(value));
			return;
		}
		UnitOfWork<?> root = CurrentUnitOfWork.get().root();
		String table = this.table.forBatch(root);
		if (EventIsolation.isolated()) {
			this.savepoint.executeWithoutResult((status) -> this.writer.accept(table, List.of(value)));
			// written: supersedes what an earlier event of the batch buffered or read
			// ahead for the key
			Map<K, V> buffered = root.getResource(this.resourceKey);
			if (buffered != null) {
				buffered.remove(key);
			}
			Map<K, Optional<V>> read = root.getResource(this.readKey);
			if (read != null) {
				read.put(key, Optional.of(value));
			}
			return;
		}
		Map<K, V> pending = root.getOrComputeResource(this.resourceKey, (name) -> {
			Map<K, V> buffer = new LinkedHashMap<>();
			root.onPrepareCommit((uow) -> flush(table, buffer));
			return buffer;
		});
		pending.put(key, value);
	}

	/**
	 * Forgets what the current batch buffered and read ahead, e.g. when the view is
	 * cleared.
	 */
	public void discard() {
		if (CurrentUnitOfWork.isStarted()) {
			UnitOfWork<?> root = CurrentUnitOfWork.get().root();
			Map<K, V> pending = root.getResource(this.resourceKey);
			if (pending != null) {
				pending.clear();
			}
			// nothing more is read ahead in this batch: finds read one by one
			root.resources().put(this.readKey, new HashMap<K, Optional<V>>());
		}
	}

	/**
	 * The views that the batch's events will change, by key, read in one query; a key
	 * without a view maps to empty. Keys whose value the batch buffers are left out. Only
	 * a processor's batch is read ahead.
	 */
	private Map<K, Optional<V>> readAhead(UnitOfWork<?> root, String table, Map<K, V> pending) {
		Map<K, Optional<V>> read = new HashMap<>();
		if (!(root instanceof BatchingUnitOfWork<?> batch)) {
			return read;
		}
		Set<K> keys = new HashSet<>();
		for (Message<?> message : batch.getMessages()) {
			K key = this.reads.keyOf(message);
			if (key != null && (pending == null || !pending.containsKey(key))) {
				keys.add(key);
			}
		}
		if (!keys.isEmpty()) {
			keys.forEach((key) -> read.put(key, Optional.empty()));
			this.reads.read(table, keys).forEach((key, view) -> read.put(key, Optional.of(view)));
		}
		return read;
	}

	private static TransactionOperations savepoints(PlatformTransactionManager transactions) {
		TransactionTemplate nested = new TransactionTemplate(transactions);
		nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
		return nested;
	}

	private void flush(String table, Map<K, V> buffer) {
		if (!buffer.isEmpty()) {
			this.writer.accept(table, buffer.values());
			this.table.wrote(table, buffer.size());
			buffer.clear();
		}
	}

}
