package dev.ordersonaxon.query.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.PageView;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderLine;
import dev.ordersonaxon.api.order.OrderStatus;
import dev.ordersonaxon.api.order.OrderView;
import dev.ordersonaxon.api.order.RejectionReason;
import dev.ordersonaxon.query.infrastructure.BatchedWrites;

import dev.ordersonaxon.query.infrastructure.Upsert;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;

import static dev.ordersonaxon.query.infrastructure.Upsert.column;

/**
 * Order views in {@code read_model.order_view}, written in batches. The lines are one
 * JSON text column: they are always read with their order and never queried.
 */
@Repository
class JdbcOrderViews implements OrderViews {

	private static final String UPSERT = Upsert.into("read_model.order_view",
			List.of(column("order_id", "varchar(64)", "orderId"), column("customer_id", "varchar(64)", "customerId"),
					column("lines", "varchar(65535)", "lines"), column("total", "numeric(19, 2)", "total"),
					column("status", "varchar(16)", "status"),
					column("rejection_reason", "varchar(32)", "rejectionReason"),
					column("placed_at", "timestamp with time zone", "placedAt"),
					column("updated_at", "timestamp with time zone", "updatedAt")));

	private static final String COLUMNS = "order_id, customer_id, lines, total, status, rejection_reason, placed_at, updated_at";

	private static final String FILTER = " WHERE (CAST(:customerId AS varchar) IS NULL OR customer_id = :customerId)"
			+ " AND (CAST(:status AS varchar) IS NULL OR status = :status)";

	private static final TypeReference<List<OrderLine>> LINES = new TypeReference<>() {
	};

	private final NamedParameterJdbcTemplate jdbc;

	private final ObjectMapper json = new ObjectMapper();

	private final BatchedWrites<OrderId, OrderView> writes;

	JdbcOrderViews(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.writes = new BatchedWrites<>("order_view", this::upsert, transactions);
	}

	@Override
	public Optional<OrderView> find(OrderId orderId) {
		return this.writes.pending(orderId)
			.or(() -> this.jdbc
				.query("SELECT " + COLUMNS + " FROM read_model.order_view WHERE order_id = :id",
						Map.of("id", orderId.value()), this::map)
				.stream()
				.findFirst());
	}

	@Override
	public void save(OrderView view) {
		this.writes.write(view.orderId(), view);
	}

	@Override
	public PageView<OrderView> page(CustomerId customerId, OrderStatus status, int page, int size) {
		MapSqlParameterSource parameters = new MapSqlParameterSource()
			.addValue("customerId", (customerId != null) ? customerId.value() : null)
			.addValue("status", (status != null) ? status.name() : null)
			.addValue("size", size)
			.addValue("offset", (long) page * size);
		Long total = this.jdbc.queryForObject("SELECT count(*) FROM read_model.order_view" + FILTER, parameters,
				Long.class);
		List<OrderView> content = this.jdbc.query("SELECT " + COLUMNS + " FROM read_model.order_view" + FILTER
				+ " ORDER BY placed_at DESC, order_id DESC LIMIT :size OFFSET :offset", parameters, this::map);
		return PageView.of(content, page, size, (total != null) ? total : 0);
	}

	@Override
	public void deleteAll() {
		this.writes.discard();
		this.jdbc.getJdbcOperations().update("DELETE FROM read_model.order_view");
	}

	private void upsert(Collection<OrderView> views) {
		SqlParameterSource[] batch = views.stream()
			.map((view) -> new MapSqlParameterSource().addValue("orderId", view.orderId().value())
				.addValue("customerId", view.customerId().value())
				.addValue("lines", write(view.lines()))
				.addValue("total", view.total().amount())
				.addValue("status", view.status().name())
				.addValue("rejectionReason", (view.rejectionReason() != null) ? view.rejectionReason().name() : null)
				.addValue("placedAt", view.placedAt().atOffset(ZoneOffset.UTC))
				.addValue("updatedAt", view.updatedAt().atOffset(ZoneOffset.UTC)))
			.toArray(SqlParameterSource[]::new);
		this.jdbc.batchUpdate(UPSERT, batch);
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
