package dev.ordersonaxon.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static dev.ordersonaxon.e2e.Shop.line;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local default: both processes on one embedded H2 database file, as run.sh starts
 * them when no DATABASE_URL is given. One smoke test of the main flow; PostgreSQL is the
 * tested, production path.
 */
class EmbeddedDatabaseIT {

	@Test
	void placesAndApprovesAnOrderOnTheEmbeddedDatabase() throws Exception {
		Path directory = Files.createTempDirectory(Path.of("target"), "h2-");
		try (OrdersSystem system = OrdersSystem.startEmbedded("embedded", directory)) {
			Shop shop = new Shop(system.command(0), system.query(0));
			shop.createCustomer("h2-c", "100.00");
			shop.createProduct("h2-p", "2.50", 10);

			shop.placeAccepted("h2-o", "h2-c", line("h2-p", 4, "2.50"));
			JsonNode approved = shop.awaitOrder("h2-o", "APPROVED");
			assertThat(approved.path("total").decimalValue()).isEqualByComparingTo("10.00");
			// only once the first holds its stock: two pending orders race for it, and
			// the
			// saga's segments may take them in either order
			shop.placeAccepted("h2-too-much", "h2-c", line("h2-p", 7, "2.50"));

			assertThat(shop.awaitOrder("h2-too-much", "REJECTED").path("rejectionReason").asText())
				.isEqualTo("OUT_OF_STOCK");
			shop.awaitCreditReserved("h2-c", "10.00");
			shop.awaitStock("h2-p", 4, 6);
			assertThat(Http.get(shop.queries().url("/api/orders/h2-o/events")).body().findValuesAsText("type"))
				.containsExactly("OrderPlacedEvent", "OrderApprovedEvent");
		}
	}

}
