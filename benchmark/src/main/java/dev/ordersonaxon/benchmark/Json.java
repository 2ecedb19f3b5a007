package dev.ordersonaxon.benchmark;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one JSON mapper of the tool: amounts stay decimals, unknown fields are ignored. */
public final class Json {

	public static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

	private Json() {
	}

}
