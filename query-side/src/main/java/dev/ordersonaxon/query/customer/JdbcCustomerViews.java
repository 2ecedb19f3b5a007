package dev.ordersonaxon.query.customer;

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
import dev.ordersonaxon.api.customer.CreditLimitChangedEvent;
import dev.ordersonaxon.api.customer.CreditReleasedEvent;
import dev.ordersonaxon.api.customer.CreditReservedEvent;
import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.customer.CustomerView;
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

/** Customer views in {@code read_model.customer_view}, written in batches. */
@Repository
class JdbcCustomerViews implements CustomerViews {

	private static final Upsert<CustomerView> UPSERT = Upsert
		.of(List.of(column("customer_id", "varchar(64)", (view) -> view.customerId().value()),
				column("name", "varchar(200)", (view) -> StorableText.of(view.name())),
				column("credit_limit", "numeric(19, 2)", (view) -> view.creditLimit().amount()),
				column("credit_reserved", "numeric(19, 2)", (view) -> view.creditReserved().amount())));

	private static final String COLUMNS = "customer_id, name, credit_limit, credit_reserved";

	private final NamedParameterJdbcTemplate jdbc;

	private final BatchedWrites<CustomerId, CustomerView> writes;

	private final ViewTable table;

	JdbcCustomerViews(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions, ViewRebuilds rebuilds) {
		this.jdbc = jdbc;
		this.table = rebuilds.table("customer_view", CustomerProjection.PROCESSING_GROUP);
		this.writes = new BatchedWrites<>(this.table, this::upsert, transactions,
				ReadAhead.reading(this::findIn)
					.on(CreditLimitChangedEvent.class, CreditLimitChangedEvent::customerId)
					.on(CreditReservedEvent.class, CreditReservedEvent::customerId)
					.on(CreditReleasedEvent.class, CreditReleasedEvent::customerId));
	}

	@Override
	public Optional<CustomerView> find(CustomerId customerId) {
		return this.writes.find(customerId);
	}

	private Map<CustomerId, CustomerView> findIn(String table, Collection<CustomerId> customerIds) {
		return this.jdbc
			.query("SELECT " + COLUMNS + " FROM " + table + " WHERE customer_id IN (:ids)",
					Map.of("ids", customerIds.stream().map(CustomerId::value).toList()), JdbcCustomerViews::map)
			.stream()
			.collect(Collectors.toMap(CustomerView::customerId, Function.identity()));
	}

	@Override
	public void save(CustomerView view) {
		this.writes.write(view.customerId(), view);
	}

	@Override
	public PageView<CustomerView> page(int page, int size) {
		Long total = this.jdbc.getJdbcOperations()
			.queryForObject("SELECT count(*) FROM read_model.customer_view", Long.class);
		List<CustomerView> content = this.jdbc.query(
				"SELECT " + COLUMNS
						+ " FROM read_model.customer_view ORDER BY name, customer_id LIMIT :size OFFSET :offset",
				Map.of("size", size, "offset", (long) page * size), JdbcCustomerViews::map);
		return PageView.of(content, page, size, (total != null) ? total : 0);
	}

	@Override
	public void startRebuild() {
		this.writes.discard();
		this.table.startRebuild();
	}

	private void upsert(String table, Collection<CustomerView> views) {
		UPSERT.write(this.jdbc.getJdbcOperations(), table, views);
	}

	private static CustomerView map(ResultSet rs, int row) throws SQLException {
		Money limit = Money.of(rs.getBigDecimal("credit_limit"));
		Money reserved = Money.of(rs.getBigDecimal("credit_reserved"));
		return new CustomerView(new CustomerId(rs.getString("customer_id")), rs.getString("name"), limit, reserved,
				limit.minus(reserved));
	}

}
