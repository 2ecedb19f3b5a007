package dev.ordersonaxon.query.product;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.PageView;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.api.product.ProductRestockedEvent;
import dev.ordersonaxon.api.product.ProductView;
import dev.ordersonaxon.api.product.StockReleasedEvent;
import dev.ordersonaxon.api.product.StockReservedEvent;
import dev.ordersonaxon.query.infrastructure.BatchedWrites;
import dev.ordersonaxon.query.infrastructure.ReadAhead;
import dev.ordersonaxon.query.infrastructure.StorableText;
import dev.ordersonaxon.query.infrastructure.Upsert;
import dev.ordersonaxon.query.infrastructure.ViewRebuilds;
import dev.ordersonaxon.query.infrastructure.ViewTable;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;

import static dev.ordersonaxon.query.infrastructure.Upsert.column;

/** Product views in {@code read_model.product_view}, written in batches. */
@Repository
class JdbcProductViews implements ProductViews {

	private static final Upsert<ProductView> UPSERT = Upsert
		.of(List.of(column("product_id", "varchar(64)", (view) -> view.productId().value()),
				column("name", "varchar(200)", (view) -> StorableText.of(view.name())),
				column("price", "numeric(19, 2)", (view) -> view.price().amount()),
				column("stock_available", "integer", ProductView::stockAvailable),
				column("stock_reserved", "integer", ProductView::stockReserved)));

	private static final String COLUMNS = "product_id, name, price, stock_available, stock_reserved";

	private final NamedParameterJdbcTemplate jdbc;

	private final BatchedWrites<ProductId, ProductView> writes;

	private final ViewTable table;

	JdbcProductViews(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions, ViewRebuilds rebuilds) {
		this.jdbc = jdbc;
		this.table = rebuilds.table("product_view", ProductProjection.PROCESSING_GROUP);
		this.writes = new BatchedWrites<>(this.table, this::upsert, transactions,
				ReadAhead.reading(this::findIn)
					.on(ProductRestockedEvent.class, ProductRestockedEvent::productId)
					.on(StockReservedEvent.class, StockReservedEvent::productId)
					.on(StockReleasedEvent.class, StockReleasedEvent::productId));
	}

	@Override
	public Optional<ProductView> find(ProductId productId) {
		return this.writes.find(productId);
	}

	private Map<ProductId, ProductView> findIn(String table, Collection<ProductId> productIds) {
		return this.jdbc
			.query("SELECT " + COLUMNS + " FROM " + table + " WHERE product_id IN (:ids)",
					Map.of("ids", productIds.stream().map(ProductId::value).toList()), JdbcProductViews::map)
			.stream()
			.collect(Collectors.toMap(ProductView::productId, Function.identity()));
	}

	@Override
	public void save(ProductView view) {
		this.writes.write(view.productId(), view);
	}

	@Override
	public PageView<ProductView> page(int page, int size) {
		Long total = this.jdbc.getJdbcOperations()
			.queryForObject("SELECT count(*) FROM read_model.product_view", Long.class);
		List<ProductView> content = this.jdbc.query(
				"SELECT " + COLUMNS
						+ " FROM read_model.product_view ORDER BY name, product_id LIMIT :size OFFSET :offset",
				Map.of("size", size, "offset", (long) page * size), JdbcProductViews::map);
		return PageView.of(content, page, size, (total != null) ? total : 0);
	}

	@Override
	public void startRebuild() {
		this.writes.discard();
		this.table.startRebuild();
	}

	private void upsert(String table, Collection<ProductView> views) {
		UPSERT.write(this.jdbc.getJdbcOperations(), table, views);
	}

	private static ProductView map(ResultSet rs, int row) throws SQLException {
		return new ProductView(new ProductId(rs.getString("product_id")), rs.getString("name"),
				Money.of(rs.getBigDecimal("price")), rs.getInt("stock_available"), rs.getInt("stock_reserved"));
	}

}
