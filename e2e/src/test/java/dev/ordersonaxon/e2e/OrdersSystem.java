package dev.ordersonaxon.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.ordersonaxon.testsupport.TestDatabase;

/** Command-side and query-side processes on one fresh PostgreSQL database. */
final class OrdersSystem implements AutoCloseable {

	private final List<AppProcess> commandNodes = new ArrayList<>();

	private final List<AppProcess> queryNodes = new ArrayList<>();

	/** The production set-up: a fresh PostgreSQL database. */
	static OrdersSystem start(String name, int commandNodes, int queryNodes) {
		return start(name, commandNodes, queryNodes, TestDatabase.create("e2e_" + name), Map.of());
	}

	/**
	 * The same on the given fresh database, with settings of the test's own on top.
	 */
	static OrdersSystem start(String name, int commandNodes, int queryNodes, TestDatabase database,
			Map<String, String> settings) {
		Map<String, String> environment = new HashMap<>(settings);
		environment.put("DATABASE_URL", database.jdbcUrl());
		environment.put("DATABASE_USER", database.user());
		environment.put("DATABASE_PASSWORD", database.password());
		return start(name, commandNodes, queryNodes, environment);
	}

	/**
	 * What run.sh does without a database: one H2 file shared through H2's automatic
	 * mixed mode.
	 */
	static OrdersSystem startEmbedded(String name, Path directory) {
		Map<String, String> environment = new HashMap<>();
		environment.put("SPRING_PROFILES_ACTIVE", "embedded");
		environment.put("DATABASE_URL",
				"jdbc:h2:file:" + directory.toAbsolutePath().resolve("orders")
						+ ";AUTO_SERVER=TRUE;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
						+ ";INIT=CREATE SCHEMA IF NOT EXISTS event_store\\;CREATE SCHEMA IF NOT EXISTS read_model");
		environment.put("DATABASE_USER", "sa");
		environment.put("DATABASE_PASSWORD", "");
		return start(name, 1, 1, environment);
	}

	/**
	 * The given number of nodes on the database in {@code environment}. On PostgreSQL
	 * each node's connections carry its name as their {@code application_name}, so that
	 * {@code pg_stat_activity} tells them apart.
	 */
	static OrdersSystem start(String name, int commandNodes, int queryNodes, Map<String, String> environment) {
		OrdersSystem system = new OrdersSystem();
		try {
			// the first command node migrates the event store the others and the query
			// side use
			for (int i = 0; i < commandNodes; i++) {
				String node = name + "-command-" + i;
				system.commandNodes.add(AppProcess.start("command-side", node, named(environment, node)));
			}
			for (int i = 0; i < queryNodes; i++) {
				String node = name + "-query-" + i;
				system.queryNodes.add(AppProcess.start("query-side", node, named(environment, node)));
			}
			return system;
		}
		catch (RuntimeException ex) {
			system.close();
			throw ex;
		}
	}

	private static Map<String, String> named(Map<String, String> environment, String node) {
		String url = environment.get("DATABASE_URL");
		if (url == null || !url.startsWith("jdbc:postgresql:")) {
			return environment;
		}
		Map<String, String> named = new HashMap<>(environment);
		named.put("DATABASE_URL", url + (url.contains("?") ? "&" : "?") + "ApplicationName=" + node);
		return named;
	}

	/** Kills a command node with SIGKILL and starts it again on the same port. */
	AppProcess killAndRestartCommand(int node) {
		AppProcess killed = this.commandNodes.get(node);
		killed.kill();
		AppProcess restarted = killed.restart();
		this.commandNodes.set(node, restarted);
		return restarted;
	}

	/** Kills a query node with SIGKILL and starts it again on the same port. */
	AppProcess killAndRestartQuery(int node) {
		AppProcess killed = this.queryNodes.get(node);
		killed.kill();
		AppProcess restarted = killed.restart();
		this.queryNodes.set(node, restarted);
		return restarted;
	}

	/**
	 * Stops a query node as a deployment would (SIGTERM) and starts it again on the same
	 * port: how an operator's fix, such as a migration, reaches it.
	 */
	AppProcess redeployQuery(int node) {
		AppProcess stopped = this.queryNodes.get(node);
		stopped.close();
		AppProcess restarted = stopped.restart();
		this.queryNodes.set(node, restarted);
		return restarted;
	}

	/** Every node, command nodes first. */
	List<AppProcess> allNodes() {
		List<AppProcess> all = new ArrayList<>(this.commandNodes);
		all.addAll(this.queryNodes);
		return all;
	}

	List<AppProcess> commandNodes() {
		return List.copyOf(this.commandNodes);
	}

	AppProcess command(int node) {
		return this.commandNodes.get(node);
	}

	AppProcess query(int node) {
		return this.queryNodes.get(node);
	}

	List<AppProcess> queryNodes() {
		return List.copyOf(this.queryNodes);
	}

	@Override
	public void close() {
		this.queryNodes.forEach(AppProcess::close);
		this.commandNodes.forEach(AppProcess::close);
	}

}
