package dev.ordersonaxon.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An amount of money with at most two fraction digits, always held at scale 2 so that
 * equal amounts are equal records. Serialized as a plain JSON number.
 */
public record Money(BigDecimal amount) implements Comparable<Money> {

	public static final int SCALE = 2;

	public static final Money ZERO = new Money(BigDecimal.ZERO);

	public Money {
		Objects.requireNonNull(amount, "amount");
		if (amount.stripTrailingZeros().scale() > SCALE) {
			throw new IllegalArgumentException("at most " + SCALE + " fraction digits allowed: " + amount);
		}
		amount = amount.setScale(SCALE, RoundingMode.UNNECESSARY);
	}

	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public static Money of(BigDecimal amount) {
		return new Money(amount);
	}

	public static Money of(String amount) {
		return new Money(new BigDecimal(amount));
	}

	@JsonValue
	@Override
	public BigDecimal amount() {
		return this.amount;
	}

	public Money plus(Money other) {
		return new Money(this.amount.add(other.amount));
	}

	public Money minus(Money other) {
		return new Money(this.amount.subtract(other.amount));
	}

	public Money times(int factor) {
		return new Money(this.amount.multiply(BigDecimal.valueOf(factor)));
	}

	public boolean isNegative() {
		return this.amount.signum() < 0;
	}

	public boolean isGreaterThan(Money other) {
		return compareTo(other) > 0;
	}

	@Override
	public int compareTo(Money other) {
		return this.amount.compareTo(other.amount);
	}

	@Override
	public String toString() {
		return this.amount.toPlainString();
	}

}
