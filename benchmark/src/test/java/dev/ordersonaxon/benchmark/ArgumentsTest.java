package dev.ordersonaxon.benchmark;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ArgumentsTest {

	@Test
	void readsOptionsFlagsAndPositionalArguments() {
		Arguments args = new Arguments(List.of("load", "--rate", "250", "--baseline", "--duration=2m", "--seed", "7"));

		assertThat(args.positional()).containsExactly("load");
		assertThat(args.decimal("rate", 100)).isEqualTo(250);
		assertThat(args.flag("baseline")).isTrue();
		assertThat(args.duration("duration", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
		assertThat(args.longValue("seed", 42)).isEqualTo(7);
		assertThat(args.integer("customers", 100)).isEqualTo(100);
	}

	@Test
	void readsDurationsInCommonUnitsAndBareSeconds() {
		assertThat(Arguments.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
		assertThat(Arguments.parseDuration("20")).isEqualTo(Duration.ofSeconds(20));
		assertThat(Arguments.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
		assertThat(Arguments.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
		assertThatIllegalArgumentException().isThrownBy(() -> Arguments.parseDuration("soon"));
	}

	@Test
	void recordsThatACredentialWasGivenButNotItsValue() {
		Arguments args = new Arguments(
				List.of("load", "--rate", "10", "--token", "eyJ.secret.sig", "--database-password", "hunter2"));

		assertThat(args.asMap()).containsEntry("rate", "10")
			.containsKeys("token", "database-password")
			.doesNotContainValue("eyJ.secret.sig")
			.doesNotContainValue("hunter2");
	}

	@Test
	void reportsOptionsNoModeAskedFor() {
		Arguments args = new Arguments(List.of("load", "--rate", "10", "--durration", "5s"));
		args.decimal("rate", 100);
		args.duration("duration", Duration.ZERO);

		assertThatIllegalArgumentException().isThrownBy(args::requireAllUsed).withMessageContaining("durration");
	}

}
