package dev.ordersonaxon.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class IdentifiersTest {

	@Test
	void takesLettersDigitsDotsUnderscoresAndHyphens() {
		for (String id : new String[] { "a", "ann.lee", "o-1_2", "...", ".x", "x.", "x".repeat(64) }) {
			assertThat(Identifiers.requireValid(id)).isEqualTo(id);
		}
	}

	@Test
	void refusesWhatAUrlCannotNameAndAnythingElseOutsideTheRule() {
		for (String id : new String[] { ".", "..", "", "has space", "a/b", "x".repeat(65) }) {
			assertThatIllegalArgumentException().as(id).isThrownBy(() -> Identifiers.requireValid(id));
		}
	}

}
