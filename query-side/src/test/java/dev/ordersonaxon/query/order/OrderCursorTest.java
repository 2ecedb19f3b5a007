package dev.ordersonaxon.query.order;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OrderCursorTest {

	private static final Instant PLACED = Instant.parse("2026-03-01T12:00:00.123456Z");

	@Test
	void readsBackWhatItWroteWithAndWithoutFilters() {
		OrderCursor filtered = new OrderCursor(PLACED, new OrderId("o.1_x-2"), new CustomerId("ada"),
				OrderStatus.APPROVED);
		OrderCursor unfiltered = new OrderCursor(PLACED, new OrderId("o-2"), null, null);

		assertThat(OrderCursor.decode(filtered.encode())).isEqualTo(filtered);
		assertThat(OrderCursor.decode(unfiltered.encode())).isEqualTo(unfiltered);
		assertThat(filtered.encode()).matches("[A-Za-z0-9_-]+");
	}

	@Test
	void belongsToTheFiltersItWasMadeForOnly() {
		OrderCursor cursor = new OrderCursor(PLACED, new OrderId("o-1"), new CustomerId("ada"), null);

		assertThat(cursor.madeFor(new CustomerId("ada"), null)).isTrue();
		assertThat(cursor.madeFor(null, null)).isFalse();
		assertThat(cursor.madeFor(new CustomerId("bob"), null)).isFalse();
		assertThat(cursor.madeFor(new CustomerId("ada"), OrderStatus.PENDING)).isFalse();
	}

	@Test
	void refusesTextItDidNotWrite() {
		String cursor = new OrderCursor(PLACED, new OrderId("o-1"), null, null).encode();
		String content = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
		String edited = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(content.replace("o-1", "o-9").getBytes(StandardCharsets.UTF_8));

		for (String text : new String[] { "", "not base64!", "bm9uc2Vuc2U", edited, cursor.substring(1), cursor + "AA",
				"A".repeat(OrderCursor.MAX_LENGTH + 1) }) {
			assertThatIllegalArgumentException().as(text).isThrownBy(() -> OrderCursor.decode(text));
		}
	}

}
