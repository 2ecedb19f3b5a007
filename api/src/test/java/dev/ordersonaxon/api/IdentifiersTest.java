package dev.ordersonaxon.api;

import java.util.Random;
import java.util.regex.Pattern;

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

	@Test
	void agreesWithThePatternTheEdgeValidatesWith() {
		Pattern pattern = Pattern.compile(Identifiers.PATTERN);
		String allowed = "aZ09._-";
		String refused = "/ é\u0000\n";
		Random random = new Random(13);
		for (int i = 0; i < 100_000; i++) {
			StringBuilder id = new StringBuilder();
			int length = random.nextInt(67);
			for (int j = 0; j < length; j++) {
				String from = (random.nextInt(100) == 0) ? refused : allowed;
				id.append(from.charAt(random.nextInt(from.length())));
			}
			String value = (i % 5 == 0) ? ".".repeat(random.nextInt(4)) : id.toString();
			assertThat(Identifiers.isValid(value)).as("'%s'", value).isEqualTo(pattern.matcher(value).matches());
		}
	}

}
