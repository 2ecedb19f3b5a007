package dev.ordersonaxon.api.customer;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.ordersonaxon.api.Identifiers;

/** Identifies a customer; Axon uses {@link #toString()} as the aggregate identifier. */
public record CustomerId(@JsonValue String value) {

	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public CustomerId {
		Identifiers.requireValid(value);
	}

	public static CustomerId generate() {
		return new CustomerId(Identifiers.generate());
	}

	@Override
	public String toString() {
		return this.value;
	}

}
