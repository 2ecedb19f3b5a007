package dev.ordersonaxon.query.infrastructure;

import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.ordersonaxon.query.infrastructure.Upsert.column;
import static org.assertj.core.api.Assertions.assertThat;

class UpsertTest {

	@Test
	void castsEachValueToItsColumnsKindOfTypeAndLeavesTheSizeToTheColumn() {
		String statement = Upsert.into("read_model.thing", List.of(column("thing_id", "varchar(64)", "thingId"),
				column("amount", "numeric(19, 2)", "amount"), column("count", "integer", "count")));

		assertThat(statement).contains("CAST(:thingId AS varchar)")
			.contains("CAST(:amount AS numeric(1000, 2))")
			.contains("CAST(:count AS integer)")
			.doesNotContain("varchar(64)")
			.doesNotContain("numeric(19");
	}

	@Test
	void insertsANewRowAndUpdatesAllButTheKeyOfAnExistingOne() {
		String statement = Upsert.into("read_model.thing",
				List.of(column("thing_id", "varchar(64)", "thingId"), column("name", "varchar(200)", "name")));

		assertThat(statement).startsWith("MERGE INTO read_model.thing AS v")
			.contains("ON v.thing_id = s.thing_id")
			.contains("WHEN MATCHED THEN UPDATE SET name = s.name WHEN NOT MATCHED")
			.endsWith("INSERT (thing_id, name) VALUES (s.thing_id, s.name)");
	}

}
