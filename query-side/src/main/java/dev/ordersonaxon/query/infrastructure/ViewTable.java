package dev.ordersonaxon.query.infrastructure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A view's table in schema {@code read_model}, and on PostgreSQL the table a replay
 * rebuilds it in ({@code
 *
<table>
 * _rebuild}) while the API goes on reading the one it has.
 * <p>
 * A replay's reset makes the rebuild table empty, with the view's columns and primary key
 * but none of its other indexes: rows go in about twice as fast without them. It also
 * puts a guard on the view (a trigger that refuses every write) until the rebuild
 * replaces it. From then on the projection writes there, and reads its own views from
 * there, until every segment has replayed up to the point of its reset; then
 * {@link #finishRebuild}, in one transaction, builds the indexes, gives the new table
 * what else was set on the view (owner, grants, storage parameters, comments), drops the
 * old table and gives the new one its name and the indexes theirs. A reader never sees a
 * view half rebuilt, only the old one until the moment the new one takes its place. The
 * rebuild table is the state of the rebuild: a node that crashed midway leaves it behind,
 * and whichever node next runs the projection writes on into it, unless a migration has
 * changed the view's columns since ({@link #changedColumns}): that rebuild starts over.
 * <p>
 * Which table a batch of the projection writes to is decided once per batch, at its first
 * read or write; a batch that writes the rebuild table holds a shared advisory lock on
 * the view until it commits, and the swap takes that lock exclusively, so it never
 * happens under a batch that writes to the table it renames (and the projection waits
 * while the swap builds the indexes). Outside a rebuild a node decides without a
 * statement: it asks the database only while it knows of a rebuild (every node hears of
 * one within a second, from {@link ViewRebuilds}), or when a batch replays. A batch that
 * wrote to the view before its node heard is refused by the guard and asks when it is
 * retried.
 * <p>
 * On another database (the embedded H2) the reset empties the view itself, which the API
 * then sees refill.
 */
public final class ViewTable {

	private static final Logger logger = LoggerFactory.getLogger(ViewTable.class);

	private static final String SCHEMA = "read_model";

	private static final String REBUILD = "_rebuild";

	private static final int MAX_NAME = 63;

	private static final long ANALYZE_FROM = 10_000;

	private final String name;

	private final String projection;

	private final JdbcTemplate jdbc;

	private final String live;

	private final String rebuild;

	private final String lockName;

	private final String batchKey;

	private final BooleanSupplier postgres;

	/**
	 * Run in the swap's transaction, after the rebuilt table has taken the view's name.
	 */
	private final List<Runnable> onSwap = new CopyOnWriteArrayList<>();

	/**
	 * Rows written into the rebuild table by this node, and as many when last analyzed.
	 */
	private final AtomicLong rowsWritten = new AtomicLong();

	private final AtomicLong rowsAnalyzed = new AtomicLong();

	/** Whether this node may see a rebuild: until it has looked once, it may. */
	private volatile boolean rebuilding = true;

	ViewTable(String name, String projection, JdbcTemplate jdbc, BooleanSupplier postgres) {
		if ((name + REBUILD + "_pkey").length() > MAX_NAME) {
			throw new IllegalArgumentException("View table name too long to rebuild aside: " + name);
		}
		this.name = name;
		this.projection = projection;
		this.jdbc = jdbc;
		this.postgres = postgres;
		this.live = SCHEMA + "." + name;
		this.rebuild = SCHEMA + "." + name + REBUILD;
		this.lockName = "orders-on-axon view rebuild " + this.live;
		this.batchKey = ViewTable.class.getName() + "." + name;
	}

	/** The table's name, without its schema. */
	public String name() {
		return this.name;
	}

	/** The processing group whose projection writes the view. */
	public String projection() {
		return this.projection;
	}

	/**
	 * Runs {@code action} in the transaction of each swap, once the rebuilt table has
	 * taken the view's name: e.g. to tell readers that anything may have changed.
	 */
	public void onSwap(Runnable action) {
		this.onSwap.add(action);
	}

	/** The table the API reads, qualified by its schema. */
	public String live() {
		return this.live;
	}

	/**
	 * The table the projection's current batch (or the retry of a parked event) reads and
	 * writes, qualified by its schema: the rebuild table while there is one, else the
	 * view's own.
	 * @param root the root unit of work of the batch
	 */
	public String forBatch(UnitOfWork<?> root) {
		return root.getOrComputeResource(this.batchKey, (key) -> decide(root));
	}

	private String decide(UnitOfWork<?> root) {
		if (!postgres()) {
			return this.live;
		}
		if (!(this.rebuilding || replays(root))) {
			// if a rebuild this node has not heard of is under way, the old view's guard
			// refuses the batch's write, and its retry asks the database
			root.onRollback((rolledBack) -> this.rebuilding = true);
			return this.live;
		}
		this.jdbc.query("SELECT pg_advisory_xact_lock_shared(hashtextextended(?, 0))", (rs) -> null, this.lockName);
		boolean rebuildExists = rebuildExists();
		this.rebuilding = rebuildExists;
		return rebuildExists ? this.rebuild : this.live;
	}

	/**
	 * Told of every write into the table a batch was given. The rebuild table grows from
	 * nothing far faster than autovacuum analyzes it (where autovacuum runs at all), and
	 * a plan made while it was small scans it whole for every batch: such a plan of the
	 * read ahead made a rebuild three times slower. So it is analyzed each time it has
	 * grown fourfold (a few times in a rebuild), which makes the cached plans anew.
	 * @param table the table written
	 * @param rows how many rows were written
	 */
	void wrote(String table, int rows) {
		if (!table.equals(this.rebuild)) {
			return;
		}
		long written = this.rowsWritten.addAndGet(rows);
		long analyzed = this.rowsAnalyzed.get();
		if (written >= Math.max(4 * analyzed, ANALYZE_FROM) && this.rowsAnalyzed.compareAndSet(analyzed, written)) {
			this.jdbc.execute("ANALYZE " + this.rebuild);
		}
	}

	/**
	 * What this node knows of the view's rebuild, as the database said a moment ago.
	 */
	void heard(boolean rebuildExists) {
		this.rebuilding = rebuildExists;
	}

	private static boolean replays(UnitOfWork<?> root) {
		if (root instanceof BatchingUnitOfWork<?> batch) {
			return batch.getMessages().stream().anyMatch(ReplayToken::isReplay);
		}
		return ReplayToken.isReplay(root.getMessage());
	}

	/**
	 * Starts the view over, in the transaction of the projection's reset: an empty
	 * rebuild table (replacing one a replay before left unfinished) on PostgreSQL, else
	 * an empty view.
	 */
	public void startRebuild() {
		if (!postgres()) {
			this.jdbc.update("DELETE FROM " + this.live);
			return;
		}
		// no lock on the view: a swap under way holds the rebuild table until it has
		// become
		// the view, and the DROP then finds none
		this.jdbc.execute("DROP TABLE IF EXISTS " + this.rebuild);
		this.jdbc.execute("CREATE TABLE " + this.rebuild + " (LIKE " + this.live
				+ " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING IDENTITY"
				+ " INCLUDING STORAGE INCLUDING COMPRESSION INCLUDING STATISTICS)");
		this.jdbc.execute("ALTER TABLE " + this.rebuild + " ADD CONSTRAINT " + this.name + REBUILD + "_pkey "
				+ primaryKey().definition());
		// the view takes no more writes until the rebuild replaces it: a node that
		// has not heard of the rebuild yet would write there what the swap then drops
		this.jdbc.execute("CREATE OR REPLACE FUNCTION " + SCHEMA + ".refuse_write_during_rebuild() RETURNS trigger"
				+ " LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'View %.% is being rebuilt in %.%_rebuild,"
				+ " which its projection writes instead', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_TABLE_SCHEMA,"
				+ " TG_TABLE_NAME USING ERRCODE = 'object_not_in_prerequisite_state'; END $$");
		this.jdbc.execute("DROP TRIGGER IF EXISTS rebuild_guard ON " + this.live);
		this.jdbc.execute("CREATE TRIGGER rebuild_guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON " + this.live
				+ " FOR EACH STATEMENT EXECUTE FUNCTION " + SCHEMA + ".refuse_write_during_rebuild()");
		this.rebuilding = true;
		this.rowsWritten.set(0);
		this.rowsAnalyzed.set(0);
		logger.info("Rebuilding {} in {}; the API reads the view as it was until the rebuild is done", this.live,
				this.rebuild);
	}

	/**
	 * The columns in which the rebuild table, which must exist, differs from the view
	 * (name, type, not null, default, generated or identity), by name: any where a
	 * migration changed the view after its rebuild began.
	 */
	List<String> changedColumns() {
		String columns = "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attgenerated,"
				+ " a.attidentity, pg_get_expr(d.adbin, d.adrelid) FROM pg_catalog.pg_attribute a"
				+ " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
				+ " WHERE a.attrelid = CAST(? AS regclass) AND a.attnum > 0 AND NOT a.attisdropped";
		return this.jdbc.queryForList(
				"SELECT DISTINCT attname::text FROM ((" + columns + " EXCEPT " + columns + ") UNION ALL (" + columns
						+ " EXCEPT " + columns + ")) AS changed ORDER BY 1",
				String.class, this.live, this.rebuild, this.rebuild, this.live);
	}

	/** Whether a rebuild of the view is under way, as the database knows it. */
	public boolean rebuilding() {
		return postgres() && rebuildExists();
	}

	/**
	 * Puts the rebuilt table in the view's place if every segment of the projection has
	 * replayed up to the point of its reset, in the caller's transaction.
	 * @param tokens where the projection's segments are
	 * @return whether it did
	 */
	public boolean finishRebuild(ProjectionTokens tokens) {
		// looked at first without the lock, which holds up the projection's next batch
		if (!postgres() || tokens.replaying(this.projection)) {
			return false;
		}
		lockExclusively();
		if (!rebuildExists()) {
			return false;
		}
		// a reset from now on waits to drop the rebuild table until this transaction
		// ends; one that came before has stored replaying tokens, which the check
		// below sees
		this.jdbc.execute("LOCK TABLE " + this.rebuild + " IN ACCESS EXCLUSIVE MODE");
		if (tokens.replaying(this.projection)) {
			return false;
		}
		List<String> changed = changedColumns();
		if (!changed.isEmpty()) {
			throw new IllegalStateException("The columns of " + this.live + " have changed since its rebuild began ("
					+ String.join(", ", changed) + "), by a migration; the rebuilt table cannot take its place."
					+ " Replay projection '" + this.projection + "' again, or restart the node that runs it.");
		}
		// pg_get_indexdef qualifies every table name with its schema
		this.jdbc.execute("SET LOCAL search_path TO pg_catalog");
		List<Index> indexes = this.jdbc.query(
				"SELECT i.relname, quote_ident(i.relname), pg_get_indexdef(i.oid) FROM pg_index x"
						+ " JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = CAST(? AS regclass)"
						+ " AND NOT x.indisprimary ORDER BY i.relname",
				(rs, row) -> new Index(rs.getString(1), rs.getString(2), rs.getString(3)), this.live);
		for (Index index : indexes) {
			this.jdbc.execute(index.on(this.live, this.rebuild));
		}
		this.jdbc.execute("ANALYZE " + this.rebuild);
		carryOverSettings();
		PrimaryKey primaryKey = primaryKey();
		this.jdbc.execute("DROP TABLE " + this.live);
		this.jdbc.execute("ALTER TABLE " + this.rebuild + " RENAME TO " + this.name);
		this.jdbc.execute("ALTER TABLE " + this.live + " RENAME CONSTRAINT " + this.name + REBUILD + "_pkey TO "
				+ primaryKey.name());
		for (Index index : indexes) {
			this.jdbc.execute(
					"ALTER INDEX " + SCHEMA + "." + quoted(index.rebuildName()) + " RENAME TO " + index.quotedName());
		}
		this.onSwap.forEach(Runnable::run);
		logger.info("Rebuilt {}: the rebuilt table and {} indexes replace the view the API read meanwhile", this.live,
				indexes.size());
		return true;
	}

	/**
	 * Gives the rebuilt table what an operator may have set on the view since it was
	 * made, as it is at the swap: its owner, exactly the privileges granted on it and on
	 * its columns, its storage parameters (fillfactor, autovacuum settings) and the
	 * comments on it and its columns. Catalog changes only, in the swap's transaction.
	 */
	private void carryOverSettings() {
		this.jdbc
			.queryForList("SELECT quote_ident(pg_get_userbyid(relowner)) FROM pg_catalog.pg_class"
					+ " WHERE oid = CAST(? AS regclass) AND relowner <> (SELECT oid FROM pg_catalog.pg_roles"
					+ " WHERE rolname = current_user)", String.class, this.live)
			.forEach((owner) -> this.jdbc.execute("ALTER TABLE " + this.rebuild + " OWNER TO " + owner));
		grants(this.rebuild).forEach((grant) -> this.jdbc.execute(grant.revokeOn(this.rebuild)));
		grants(this.live).forEach((grant) -> this.jdbc.execute(grant.on(this.rebuild)));
		List<String> options = this.jdbc.queryForList(
				"SELECT unnest(reloptions) FROM pg_catalog.pg_class WHERE oid = CAST(? AS regclass)", String.class,
				this.live);
		if (!options.isEmpty()) {
			this.jdbc.execute("ALTER TABLE " + this.rebuild + " SET (" + String.join(", ", options) + ")");
		}
		this.jdbc
			.query("SELECT NULL, quote_literal(d.description) FROM pg_catalog.pg_description d"
					+ " WHERE d.objoid = CAST(? AS regclass) AND d.classoid = 'pg_catalog.pg_class'::regclass"
					+ " AND d.objsubid = 0 UNION ALL SELECT quote_ident(a.attname), quote_literal(d.description)"
					+ " FROM pg_catalog.pg_description d JOIN pg_catalog.pg_attribute a ON a.attrelid = d.objoid"
					+ " AND a.attnum = d.objsubid WHERE d.objoid = CAST(? AS regclass)"
					+ " AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid > 0 AND NOT a.attisdropped",
					(rs, row) -> "COMMENT ON " + ((rs.getString(1) != null)
							? "COLUMN " + this.rebuild + "." + rs.getString(1) : "TABLE " + this.rebuild) + " IS "
							+ rs.getString(2),
					this.live, this.live)
			.forEach(this.jdbc::execute);
	}

	/**
	 * The privileges granted on the table and its columns to roles other than its owner
	 * (whose own are implied).
	 */
	private List<Grant> grants(String table) {
		return this.jdbc.query("SELECT x.privilege_type, s.columns, CASE x.grantee WHEN 0 THEN 'PUBLIC'"
				+ " ELSE quote_ident(pg_get_userbyid(x.grantee)) END, x.is_grantable"
				+ " FROM (SELECT c.relacl AS acl, NULL AS columns, c.relowner AS owner FROM pg_catalog.pg_class c"
				+ " WHERE c.oid = CAST(? AS regclass) UNION ALL SELECT a.attacl, quote_ident(a.attname), c.relowner"
				+ " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
				+ " WHERE a.attrelid = CAST(? AS regclass) AND a.attnum > 0 AND NOT a.attisdropped"
				+ " AND a.attacl IS NOT NULL) AS s CROSS JOIN LATERAL aclexplode(s.acl) AS x"
				+ " WHERE x.grantee <> s.owner",
				(rs, row) -> new Grant(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)), table,
				table);
	}

	private void lockExclusively() {
		this.jdbc.query("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", (rs) -> null, this.lockName);
	}

	private boolean rebuildExists() {
		Integer found = this.jdbc.queryForObject(
				"SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = ? AND tablename = ?", Integer.class,
				SCHEMA, this.name + REBUILD);
		return found != null && found > 0;
	}

	private PrimaryKey primaryKey() {
		return this.jdbc.queryForObject(
				"SELECT conname, pg_get_constraintdef(oid) FROM pg_catalog.pg_constraint"
						+ " WHERE conrelid = CAST(? AS regclass) AND contype = 'p'",
				(rs, row) -> new PrimaryKey(rs.getString(1), rs.getString(2)), this.live);
	}

	private boolean postgres() {
		return this.postgres.getAsBoolean();
	}

	private record PrimaryKey(String name, String definition) {

	}

	/**
	 * A privilege on a table, or on its columns where they are named, granted to a role
	 * (already quoted) or {@code PUBLIC}.
	 */
	private record Grant(String privilege, String columns, String grantee, boolean grantable) {

		String on(String table) {
			return "GRANT " + what() + " ON TABLE " + table + " TO " + this.grantee
					+ (this.grantable ? " WITH GRANT OPTION" : "");
		}

		String revokeOn(String table) {
			return "REVOKE " + what() + " ON TABLE " + table + " FROM " + this.grantee + " CASCADE";
		}

		private String what() {
			return this.privilege + ((this.columns != null) ? " (" + this.columns + ")" : "");
		}

	}

	/** An identifier in double quotes, as SQL reads it whatever its letters. */
	private static String quoted(String identifier) {
		return '"' + identifier.replace("\"", "\"\"") + '"';
	}

	/**
	 * A secondary index of the view: its name, the name as {@code pg_get_indexdef} writes
	 * it (in double quotes where SQL needs them), and its definition.
	 */
	private record Index(String name, String quotedName, String definition) {

		String rebuildName() {
			String rebuildName = this.name + REBUILD;
			if (rebuildName.length() > MAX_NAME) {
				throw new IllegalStateException("Index name too long to rebuild aside: " + this.name);
			}
			return rebuildName;
		}

		/** The statement that makes this index on the rebuild table. */
		String on(String live, String rebuild) {
			String of = " INDEX " + this.quotedName + " ON " + live + " ";
			int at = this.definition.indexOf(of);
			if (at < 0) {
				throw new IllegalStateException("Cannot rebuild index " + this.name + " from " + this.definition);
			}
			return this.definition.substring(0, at) + " INDEX " + quoted(rebuildName()) + " ON " + rebuild + " "
					+ this.definition.substring(at + of.length());
		}

	}

}
