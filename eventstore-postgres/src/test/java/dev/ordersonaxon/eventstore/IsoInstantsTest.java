package dev.ordersonaxon.eventstore;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IsoInstantsTest {

	@ParameterizedTest
	@ValueSource(strings = { "2026-11-22T09:02:57.596Z", "1970-01-01T00:00:00.000Z", "2024-02-29T23:59:59.999Z",
			"1969-12-31T23:59:59.001Z", "9999-12-31T23:59:59.999Z", "2026-11-22T09:02:57.596+01:00",
			"2026-11-22T09:02:57.5961Z", "2026-11-22t09:02:57.596z", "2026-11-22T09:02:57Z" })
	void readsWhatAxonsParserReads(String text) {
		assertThat(IsoInstants.parse(text)).isEqualTo(DateTimeUtils.parseInstant(text));
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-11-22T09:02:57.596Z", "2000-01-01T12:00:00.000Z" })
	void readsWhatAxonWrites(String text) {
		Instant instant = Instant.parse(text);
		assertThat(IsoInstants.parse(DateTimeUtils.formatInstant(instant))).isEqualTo(instant);
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-02-30T09:02:57.596Z", "2026-11-22T24:02:57.596Z", "2026-11-22T09:60:57.596Z",
			"2026-13-22T09:02:57.596Z", "2026-11-22 09:02:57.596Z", "not a timestamp at all!!" })
	void refusesWhatAxonsParserRefuses(String text) {
		assertThatThrownBy(() -> IsoInstants.parse(text)).isInstanceOf(DateTimeParseException.class);
		assertThatThrownBy(() -> DateTimeUtils.parseInstant(text)).isInstanceOf(DateTimeParseException.class);
	}

}
