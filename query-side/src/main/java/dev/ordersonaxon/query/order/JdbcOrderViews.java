package dev.ordersonaxon.query.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.OrderApprovedEvent;
import dev.ordersonaxon.api.order.OrderCancelledEvent;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.OrderRejectedEvent;
import dev.ordersonaxon.api.order.OrderStatus;
import dev.ordersonaxon.api.order.OrderView;
import dev.ordersonaxon.api.order.RejectionReason;
import dev.ordersonaxon.query.infrastructure.BatchedWrites;
import dev.ordersonaxon.query.infrastructure.ReadAhead;
import dev.ordersonaxon.query.infrastructure.Upsert;
import dev.ordersonaxon.query.infrastructure.ViewRebuilds;
import dev.ordersonaxon.query.infrastructure.ViewTable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;

import static dev.ordersonaxon.query.infrastructure.Upsert.column;

/**
 * Order views in {@code read_model.order_view}, written in batches. The lines are one
 * JSON text column: they are always read with their order and never queried.
 */
@Repository
class JdbcOrderViews implements OrderViews {

	private static final String COLUMNS = "order_id, customer_id, lines, total, status, rejection_reason, placed_at, updated_at";

	private static final String ORDER_BY = " ORDER BY placed_at DESC, order_id DESC";

	private static final TypeReference<List<OrderLine>> LINES = new TypeReference<>() {
	};

	private final NamedParameterJdbcTemplate jdbc;

	private final ObjectMapper json = new ObjectMapper();

	private final BatchedWrites<OrderId, OrderView> writes;

	private final Upsert<OrderView> upsert = Upsert
		.of(List.of(column("order_id", "varchar(64)", (view) -> view.orderId().value()),
				column("customer_id", "varchar(64)", (view) -> view.customerId().value()),
				column("lines", "varchar(65535)", (view) -> write(view.lines())),
				column("total", "numeric(19, 2)", (view) -> view.total().amount()),
				column("status", "varchar(16)", (view) -> view.status().name()),
				column("rejection_reason", "varchar(32)",
						(view) -> (view.rejectionReason() != null) ? view.rejectionReason().name() : null),
				column("placed_at", "timestamp with time zone", (view) -> view.placedAt().atOffset(ZoneOffset.UTC)),
				column("updated_at", "timestamp with time zone", (view) -> view.updatedAt().atOffset(ZoneOffset.UTC))));

	private final ViewTable table;

	JdbcOrderViews(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions, ViewRebuilds rebuilds) {
		this.jdbc = jdbc;
		this.table = rebuilds.table("order_view", OrderProjection.PROCESSING_GROUP);
		this.writes = new BatchedWrites<>(this.table, this::upsert, transactions,
				ReadAhead.reading(this::findIn)
					.on(OrderApprovedEvent.class, OrderApprovedEvent::orderId)
					.on(OrderRejectedEvent.class, OrderRejectedEvent::orderId)
					.on(OrderCancelledEvent.class, OrderCancelledEvent::orderId));
	}

	@Override
	public Optional<OrderView> find(OrderId orderId) {
		return this.writes.find(orderId);
	}

	@Override
	public Map<OrderId, OrderView> findAll(Collection<OrderId> orderIds) {
		return findIn(this.table.live(), orderIds);
	}

	private Map<OrderId, OrderView> findIn(String table, Collection<OrderId> orderIds) {
		if (orderIds.isEmpty()) {
			return Map.of();
		}
		return this.jdbc
			.query("SELECT " + COLUMNS + " FROM " + table + " WHERE order_id IN (:ids)",
					Map.of("ids", orderIds.stream().map(OrderId::value).toList()), this::map)
			.stream()
			.collect(Collectors.toMap(OrderView::orderId, Function.identity()));
	}

	@Override
	public void save(OrderView view) {
		this.writes.write(view.orderId(), view);
	}

	@Override
	public OrderListing page(CustomerId customerId, OrderStatus status, int page, int size) {
		MapSqlParameterSource parameters = filters(customerId, status).addValue("limit", size + 1)
			.addValue("offset", (long) page * size);
		String where = where(customerId, status, false);
		Long total = this.jdbc.queryForObject("SELECT count(*) FROM read_model.order_view" + where, parameters,
				Long.class);
		List<OrderView> rows = this.jdbc.query(
				"SELECT " + COLUMNS + " FROM read_model.order_view" + where + ORDER_BY + " LIMIT :limit OFFSET :offset",
				parameters, this::map);
		return listing(rows, size, (total != null) ? total : 0L);
	}

	/**
	 * A range scan of the index for the filters (order_view_*_idx), from the given key
	 * on: no count, no offset, however deep into the list.
	 */
	@Override
	public OrderListing after(CustomerId customerId, OrderStatus status, OrderListing.Key after, int size) {
		MapSqlParameterSource parameters = filters(customerId, status).addValue("limit", size + 1)
			.addValue("placedAt", after.placedAt().atOffset(ZoneOffset.UTC))
			.addValue("orderId", after.orderId().value());
		List<OrderView> rows = this.jdbc.query("SELECT " + COLUMNS + " FROM read_model.order_view"
				+ where(customerId, status, true) + ORDER_BY + " LIMIT :limit", parameters, this::map);
		return listing(rows, size, null);
	}

	/** A range scan of order_view_customer_updated_idx. */
	@Override
	public List<OrderView> changedSince(CustomerId customerId, Instant since, int limit) {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM read_model.order_view"
				+ " WHERE customer_id = :customerId AND updated_at >= :since ORDER BY updated_at, order_id LIMIT :limit",
				new MapSqlParameterSource().addValue("customerId", customerId.value())
					.addValue("since", since.atOffset(ZoneOffset.UTC))
					.addValue("limit", limit),
				this::map);
	}

	/** A range scan of order_view_customer_status_idx. */
	@Override
	public List<OrderView> pending(CustomerId customerId, int limit) {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM read_model.order_view"
				+ " WHERE customer_id = :customerId AND status = :status ORDER BY placed_at, order_id LIMIT :limit",
				new MapSqlParameterSource().addValue("customerId", customerId.value())
					.addValue("status", OrderStatus.PENDING.name())
					.addValue("limit", limit),
				this::map);
	}

	private static MapSqlParameterSource filters(CustomerId customerId, OrderStatus status) {
		return new MapSqlParameterSource().addValue("customerId", (customerId != null) ? customerId.value() : null)
			.addValue("status", (status != null) ? status.name() : null);
	}

	/**
	 * Only the conditions that apply, so that every combination of filters is planned for
	 * the index that serves it.
	 */
	private static String where(CustomerId customerId, OrderStatus status, boolean afterKey) {
		List<String> conditions = new ArrayList<>();
		if (customerId != null) {
			conditions.add("customer_id = :customerId");
		}
		if (status != null) {
			conditions.add("status = :status");
		}
		if (afterKey) {
			conditions.add("(placed_at, order_id) < (:placedAt, :orderId)");
		}
		return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
	}

	/** One row more than the size was read, to tell whether more follow. */
	private static OrderListing listing(List<OrderView> rows, int size, Long total) {
		boolean more = rows.size() > size;
		return new OrderListing(more ? rows.subList(0, size) : rows, more, total);
	}

	@Override
	public void startRebuild() {
		this.writes.discard();
		this.table.startRebuild();
	}

	private void upsert(String table, Collection<OrderView> views) {
		this.upsert.write(this.jdbc.getJdbcOperations(), table, views);
	}

	private OrderView map(ResultSet rs, int row) throws SQLException {
		String reason = rs.getString("rejection_reason");
		return new OrderView(new OrderId(rs.getString("order_id")), new CustomerId(rs.getString("customer_id")),
				read(rs.getString("lines")), Money.of(rs.getBigDecimal("total")),
				OrderStatus.valueOf(rs.getString("status")), (reason != null) ? RejectionReason.valueOf(reason) : null,
				rs.getObject("placed_at", OffsetDateTime.class).toInstant(),
				rs.getObject("updated_at", OffsetDateTime.class).toInstant());
	}

	private String write(List<OrderLine> lines) {
		try {
			return this.json.writeValueAsString(lines);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot write order lines as JSON", ex);
		}
	}

	private List<OrderLine> read(String lines) {
		try {
			return this.json.readValue(lines, LINES);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot read order lines from JSON", ex);
		}
	}

}
