package dev.ordersonaxon.api.product;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.ordersonaxon.api.Identifiers;

/** Identifies a product; Axon uses {@link #toString()} as the aggregate identifier. */
public record ProductId(@JsonValue String value) {

	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public ProductId {
		Identifiers.requireValid(value);
	}

	public static ProductId generate() {
		return new ProductId(Identifiers.generate());
	}

	@Override
	public String toString() {
		return this.value;
	}

}
