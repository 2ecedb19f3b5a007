package dev.ordersonaxon.benchmark.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class OrderMixTest {

	@Test
	void drawsKindsInTheirShares() {
		Map<OrderKind, Integer> counts = draw(OrderMix.DEFAULT, 100_000);

		assertThat(counts.get(OrderKind.APPROVE) / 100_000.0).isCloseTo(0.80, within(0.01));
		assertThat(counts.get(OrderKind.CREDIT_EXCEEDED) / 100_000.0).isCloseTo(0.10, within(0.01));
		assertThat(counts.get(OrderKind.OUT_OF_STOCK) / 100_000.0).isCloseTo(0.05, within(0.01));
		assertThat(counts.get(OrderKind.CANCEL_PENDING) / 100_000.0).isCloseTo(0.025, within(0.005));
		assertThat(counts.get(OrderKind.CANCEL_APPROVED) / 100_000.0).isCloseTo(0.025, within(0.005));
	}

	@Test
	void aZeroShareIsNeverDrawn() {
		Map<OrderKind, Integer> counts = draw(new OrderMix(0, 0, 0), 10_000);

		assertThat(counts).containsOnlyKeys(OrderKind.APPROVE);
	}

	@Test
	void theSameSeedDrawsTheSameKinds() {
		Random a = new Random(9);
		Random b = new Random(9);
		for (int i = 0; i < 1_000; i++) {
			assertThat(OrderMix.DEFAULT.next(a)).isEqualTo(OrderMix.DEFAULT.next(b));
		}
	}

	@Test
	void refusesSharesOverOneOrNegative() {
		assertThatIllegalArgumentException().isThrownBy(() -> new OrderMix(0.6, 0.3, 0.2));
		assertThatIllegalArgumentException().isThrownBy(() -> new OrderMix(-0.1, 0, 0));
	}

	private static Map<OrderKind, Integer> draw(OrderMix mix, int times) {
		Random random = new Random(1);
		Map<OrderKind, Integer> counts = new EnumMap<>(OrderKind.class);
		for (int i = 0; i < times; i++) {
			counts.merge(mix.next(random), 1, Integer::sum);
		}
		return counts;
	}

}
