package dev.ordersonaxon.api;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class LimitsTest {

	@Test
	void largestAmountIsOneTrillionToTheCent() {
		assertThat(Limits.withinMaxAmount(Money.of("1000000000000.00"))).isTrue();
		assertThat(Limits.withinMaxAmount(Money.of("1000000000000.01"))).isFalse();
		assertThat(Limits.MAX_AMOUNT).isEqualTo(Money.of(new BigDecimal(Limits.MAX_AMOUNT_TEXT)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "1000000000000.00", "999999999999.99", "987654321098.76", "0.01" })
	void amountsUpToTheBoundSurviveADoubleRoundTrip(String text) {
		Money amount = Money.of(text);
		assertThat(BigDecimal.valueOf(Double.parseDouble(amount.toString())).setScale(2)).isEqualTo(amount.amount());
	}

	@Test
	void tenThousandLargestOrdersFitTheViewsAmountColumn() {
		BigDecimal numeric19Scale2 = new BigDecimal("99999999999999999.99");
		assertThat(Limits.MAX_AMOUNT.amount().multiply(BigDecimal.valueOf(10_000))).isLessThan(numeric19Scale2);
	}

	@Test
	void stockFitsTheViewsIntegerColumns() {
		assertThat((long) Limits.MAX_STOCK).isLessThanOrEqualTo(Integer.MAX_VALUE);
		assertThat(Limits.MAX_QUANTITY).isLessThanOrEqualTo(Limits.MAX_STOCK);
	}

}
