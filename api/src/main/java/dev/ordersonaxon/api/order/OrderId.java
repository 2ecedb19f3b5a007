package dev.ordersonaxon.api.order;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.ordersonaxon.api.Identifiers;

/** Identifies an order; Axon uses {@link #toString()} as the aggregate identifier. */
public record OrderId(@JsonValue String value) {

	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public OrderId {
		Identifiers.requireValid(value);
	}

	public static OrderId generate() {
		return new OrderId(Identifiers.generate());
	}

	@Override
	public String toString() {
		return this.value;
	}

}
