package dev.ordersonaxon.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BearerTokenTest {

	@Test
	void theOptionGoesBeforeTheEnvironment() {
		BearerToken token = BearerToken.from(args("--token", "from-option"), Map.of("ORDERS_TOKEN", "from-env"));

		assertThat(token.authorization()).isEqualTo("Bearer from-option");
	}

	@Test
	void theEnvironmentGivesItWithoutTheOption() {
		assertThat(BearerToken.from(args(), Map.of("ORDERS_TOKEN", " from-env\n")).authorization())
			.isEqualTo("Bearer from-env");
	}

	@Test
	void withoutEitherThereIsNoneAndWhatNeedsOneSaysHowToGiveIt() {
		BearerToken none = BearerToken.from(args(), Map.of("ORDERS_TOKEN", ""));

		assertThat(none).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> BearerToken.require(none, "a load run"))
			.withMessageContaining("a load run")
			.withMessageContaining("--token")
			.withMessageContaining("ORDERS_TOKEN")
			.withMessageContaining("manager, clerk, viewer and admin");
	}

	@Test
	void aTokenIsOneWord() {
		assertThatIllegalArgumentException().isThrownBy(() -> BearerToken.from(args("--token", "a b"), Map.of()));
	}

	@Test
	void isNeverPrinted() {
		assertThat(new BearerToken("eyJ.secret.sig")).asString().doesNotContain("secret");
	}

	private static Arguments args(String... options) {
		List<String> args = new ArrayList<>(List.of("load"));
		args.addAll(List.of(options));
		return new Arguments(args);
	}

}
