package dev.ordersonaxon.query.infrastructure;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.ordersonaxon.eventstore.Databases;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The views' tables ({@link ViewTable}), and what finishes their rebuilds: every second
 * each node looks for rebuild tables, one query for all views, and puts each in its
 * view's place once its projection has replayed up to the point of its reset. A rebuild
 * is finished by whichever node looks first, also when the projection has no event left
 * to handle, and also after the node that started it has gone.
 */
@Component
public class ViewRebuilds {

	private static final Logger logger = LoggerFactory.getLogger(ViewRebuilds.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final ProjectionTokens tokens;

	private final Map<String, ViewTable> byProjection = new ConcurrentHashMap<>();

	private final Map<String, FailingSwap> failingSwaps = new ConcurrentHashMap<>();

	private volatile Boolean postgres;

	ViewRebuilds(JdbcTemplate jdbc, PlatformTransactionManager transactions, ProjectionTokens tokens) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactions);
		this.tokens = tokens;
	}

	/**
	 * The table of the view that one projection writes.
	 * @param name the table's name in schema {@code read_model}
	 * @param projection the projection's processing group
	 */
	public ViewTable table(String name, String projection) {
		ViewTable table = new ViewTable(name, projection, this.jdbc, this::postgres);
		ViewTable known = this.byProjection.putIfAbsent(projection, table);
		if (known != null) {
			throw new IllegalStateException("Projection " + projection + " already writes " + known.name());
		}
		return table;
	}

	/** The table of the view that the projection writes. */
	public ViewTable tableOf(String projection) {
		ViewTable table = this.byProjection.get(projection);
		if (table == null) {
			throw new IllegalArgumentException("No view table for projection " + projection);
		}
		return table;
	}

	/** Whether the view of the projection is being rebuilt. */
	public boolean rebuilding(String projection) {
		ViewTable table = this.byProjection.get(projection);
		return table != null && table.rebuilding();
	}

	@Scheduled(fixedDelay = 1000, initialDelay = 1000)
	void finishCaughtUpRebuilds() {
		List<String> rebuilding;
		try {
			if (!postgres()) {
				return;
			}
			rebuilding = rebuildTables();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not look for rebuilds of views; looking again in a second: {}", ex.getMessage());
			return;
		}
		for (ViewTable table : this.byProjection.values()) {
			boolean rebuildExists = rebuilding.contains(table.name() + "_rebuild");
			table.heard(rebuildExists);
			if (rebuildExists) {
				finish(table);
			}
			else {
				this.failingSwaps.remove(table.live());
			}
		}
	}

	private void finish(ViewTable table) {
		try {
			this.transactions.execute((status) -> table.finishRebuild(this.tokens));
			this.failingSwaps.remove(table.live());
		}
		catch (RuntimeException ex) {
			// the API goes on reading the view as it was, and says the projection replays
			logger.error("Could not put the rebuilt {} in place of the view; trying again in a second", table.live(),
					ex);
			this.failingSwaps.merge(table.live(), FailingSwap.first(ex), FailingSwap::again);
		}
	}

	/**
	 * Starts over each rebuild whose view a migration has changed since it began: its
	 * rebuild table has the columns the view had then, and the projection, if it wrote on
	 * into it, would write columns it lacks, or leave out ones the view now has. Run as
	 * Axon starts, after the migrations and before the processors, so that no batch meets
	 * the old table. A projection another node holds cannot be reset from here: its swap
	 * is then refused (see {@link ViewTable#finishRebuild}) until it is replayed again.
	 * @param processing the processors, not started yet
	 */
	public void startOverChangedRebuilds(EventProcessingConfiguration processing) {
		List<String> rebuilding = rebuildTables();
		for (ViewTable table : this.byProjection.values()) {
			if (!rebuilding.contains(table.name() + "_rebuild")) {
				continue;
			}
			List<String> changed = table.changedColumns();
			if (changed.isEmpty()) {
				continue;
			}
			Optional<StreamingEventProcessor> processor = processing.eventProcessor(table.projection(),
					StreamingEventProcessor.class);
			try {
				processor.ifPresent(StreamingEventProcessor::resetTokens);
				logger.warn("The columns of {} changed since its rebuild began ({}): the rebuild starts over",
						table.live(), String.join(", ", changed));
			}
			catch (UnableToClaimTokenException ex) {
				logger.error("The columns of {} changed since its rebuild began ({}), and another node holds"
						+ " projection '{}': the rebuild cannot start over here; replay it again once that node"
						+ " has stopped", table.live(), String.join(", ", changed), table.projection());
			}
		}
	}

	/**
	 * The views whose rebuilt table this node could not put in their place, by table,
	 * each failing since its first attempt in a row.
	 */
	public Map<String, FailingSwap> failingSwaps() {
		return Map.copyOf(this.failingSwaps);
	}

	/**
	 * A rebuilt view that could not take its view's place, tried every second since.
	 *
	 * @param attempts the attempts in a row that failed
	 * @param since when the first of them failed
	 * @param error what the last one failed on
	 */
	public record FailingSwap(int attempts, Instant since, String error) {

		static FailingSwap first(Exception failure) {
			return new FailingSwap(1, Instant.now(), String.valueOf(failure.getMessage()));
		}

		FailingSwap again(FailingSwap next) {
			return new FailingSwap(this.attempts + 1, this.since, next.error());
		}

	}

	/**
	 * The rebuild tables there are, one query for all views; none where views are not
	 * rebuilt aside.
	 */
	private List<String> rebuildTables() {
		if (!postgres()) {
			return List.of();
		}
		return this.jdbc.queryForList("SELECT tablename FROM pg_catalog.pg_tables"
				+ " WHERE schemaname = 'read_model' AND tablename LIKE '%\\_rebuild'", String.class);
	}

	/** Whether the views are on PostgreSQL, where they are rebuilt aside. */
	private boolean postgres() {
		Boolean known = this.postgres;
		if (known == null) {
			known = this.jdbc.execute((ConnectionCallback<Boolean>) Databases::isPostgres);
			this.postgres = known;
		}
		return known;
	}

}
