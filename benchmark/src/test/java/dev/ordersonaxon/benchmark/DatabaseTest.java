package dev.ordersonaxon.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseTest {

	@Test
	void takesHostPortAndNameFromTheJdbcUrl() {
		Database database = new Database("jdbc:postgresql://db.example:6543/orders?sslmode=disable", "app", "");

		assertThat(database.host()).isEqualTo("db.example");
		assertThat(database.port()).isEqualTo(6543);
		assertThat(database.name()).isEqualTo("orders");
		assertThat(database.withName("postgres").url())
			.isEqualTo("jdbc:postgresql://db.example:6543/postgres?sslmode=disable");
	}

	@Test
	void defaultsToPostgresPort() {
		assertThat(new Database("jdbc:postgresql://localhost/orders", "postgres", "").port()).isEqualTo(5432);
	}

}
