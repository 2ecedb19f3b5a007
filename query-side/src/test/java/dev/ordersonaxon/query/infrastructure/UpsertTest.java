package dev.ordersonaxon.query.infrastructure;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.ordersonaxon.testsupport.TestDatabase;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.ordersonaxon.query.infrastructure.Upsert.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpsertTest {

	private static final OffsetDateTime AT = OffsetDateTime.of(2026, 12, 3, 0, 12, 8, 123_456_000, ZoneOffset.UTC);

	private static final Upsert<Thing> THINGS = Upsert.of(List.of(column("thing_id", "varchar(64)", Thing::id),
			column("name", "varchar(20)", Thing::name), column("amount", "numeric(19, 2)", Thing::amount),
			column("count", "integer", Thing::count), column("at", "timestamp with time zone", Thing::at)));

	record Thing(String id, String name, BigDecimal amount, Integer count, OffsetDateTime at) {

	}

	static Stream<DataSource> databases() {
		TestDatabase postgres = TestDatabase.create("upsert");
		return Stream.of(new DriverManagerDataSource(postgres.jdbcUrl(), postgres.user(), postgres.password()),
				new DriverManagerDataSource("jdbc:h2:mem:upsert;DB_CLOSE_DELAY=-1", "sa", ""));
	}

	@Test
	void castsEachValueToItsColumnsKindOfTypeAndLeavesTheSizeToTheColumn() {
		assertThat(THINGS.perRowStatement("thing")).contains("CAST(? AS varchar)")
			.contains("CAST(? AS numeric(1000, 2))")
			.contains("CAST(? AS integer)")
			.doesNotContain("varchar(20)")
			.doesNotContain("numeric(19");
		assertThat(THINGS.allRowsStatement("thing")).contains("CAST(? AS varchar[])")
			.contains("CAST(? AS numeric(1000, 2)[])")
			.contains("CAST(? AS timestamp with time zone[])")
			.doesNotContain("varchar(20)");
	}

	@Test
	void insertsANewRowAndUpdatesAllButTheKeyOfAnExistingOne() {
		assertThat(THINGS.perRowStatement("thing")).startsWith("MERGE INTO thing AS v USING (VALUES (")
			.contains("ON v.thing_id = s.thing_id")
			.contains("WHEN MATCHED THEN UPDATE SET name = s.name, amount = s.amount")
			.endsWith(
					"INSERT (thing_id, name, amount, count, at) VALUES (s.thing_id, s.name, s.amount, s.count, s.at)");
		assertThat(THINGS.allRowsStatement("thing"))
			.startsWith("MERGE INTO thing AS v USING (SELECT * FROM unnest(CAST(? AS varchar[])")
			.contains(") AS u(thing_id, name, amount, count, at)) AS s ON v.thing_id = s.thing_id");
	}

	@ParameterizedTest
	@MethodSource("databases")
	void writesManyRowsInsertingNewOnesAndUpdatingExistingOnesValueForValue(DataSource database) {
		JdbcTemplate jdbc = table(database);
		List<Thing> first = IntStream.range(0, 500)
			.mapToObj((i) -> new Thing("t" + i, "name " + i, new BigDecimal("1.25").multiply(BigDecimal.valueOf(i)), i,
					AT.plusSeconds(i)))
			.toList();
		THINGS.write(jdbc, "thing", first);

		List<Thing> second = List.of(
				new Thing("t1", "a,\"b\"\\{c} 'd' é", new BigDecimal("12345678901234567.89"), null, AT),
				new Thing("t500", null, new BigDecimal("0.00"), -1, AT.minusDays(1)));
		THINGS.write(jdbc, "thing", second);

		assertThat(jdbc.queryForObject("SELECT count(*) FROM thing", Integer.class)).isEqualTo(501);
		assertThat(read(jdbc, "t1")).isEqualTo(second.get(0));
		assertThat(read(jdbc, "t500")).isEqualTo(second.get(1));
		assertThat(read(jdbc, "t499")).isEqualTo(first.get(499));
	}

	@ParameterizedTest
	@MethodSource("databases")
	void aValueTheColumnCannotHoldFailsTheWholeWriteAndIsNotCut(DataSource database) {
		JdbcTemplate jdbc = table(database);

		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(database));

		assertThatThrownBy(() -> transaction.executeWithoutResult((status) -> THINGS.write(jdbc, "thing",
				List.of(new Thing("ok", "fits", BigDecimal.ONE, 1, AT),
						new Thing("long", "n".repeat(21), BigDecimal.ONE, 1, AT)))))
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("too long");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM thing", Integer.class)).isZero();
	}

	private static JdbcTemplate table(DataSource database) {
		JdbcTemplate jdbc = new JdbcTemplate(database);
		jdbc.execute("DROP TABLE IF EXISTS thing");
		jdbc.execute("CREATE TABLE thing (thing_id varchar(64) PRIMARY KEY, name varchar(20),"
				+ " amount numeric(19, 2) NOT NULL, count integer, at timestamp with time zone NOT NULL)");
		return jdbc;
	}

	private static Thing read(JdbcTemplate jdbc, String id) {
		return jdbc.queryForObject("SELECT thing_id, name, amount, count, at FROM thing WHERE thing_id = ?",
				(rs, row) -> new Thing(rs.getString(1), rs.getString(2), rs.getBigDecimal(3), (Integer) rs.getObject(4),
						rs.getObject(5, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC)),
				id);
	}

}
