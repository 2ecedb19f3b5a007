package dev.ordersonaxon.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class NamesTest {

	@ParameterizedTest
	@ValueSource(strings = { "Ann", "Zoë Ørsted-Łukasiewicz", "株式会社", "Tea \uD83C\uDF75 & cups", "A\u00A0B",
			"O'Brien (Ltd.)" })
	void acceptsWhatAPersonTypesOnOneLine(String name) {
		assertThat(Names.problem(name)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "\u0000", "Ann\u0000", "A\u0001", "A\tB", "A\nB", "A\rB", "A\u001F", "A\u007F", "A\u0080",
			"A\u0085", "A\u009F" })
	void refusesControlCharacters(String name) {
		assertThat(Names.problem(name)).contains(Names.PATTERN_MESSAGE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "A\uD800", "\uDC00A", "A\uDE00\uD83DB", "\uD83D" })
	void refusesUnpairedSurrogates(String name) {
		assertThat(Names.problem(name)).contains(Names.PATTERN_MESSAGE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", " \t " })
	void refusesBlankNames(String name) {
		assertThat(Names.problem(name)).contains("must not be blank");
	}

	@Test
	void refusesMissingAndOverlongNames() {
		assertThat(Names.problem(null)).contains("must not be blank");
		assertThat(Names.problem("x".repeat(Names.MAX_LENGTH))).isEmpty();
		assertThat(Names.problem("x".repeat(Names.MAX_LENGTH + 1))).contains("must be at most 200 characters long");
	}

}
