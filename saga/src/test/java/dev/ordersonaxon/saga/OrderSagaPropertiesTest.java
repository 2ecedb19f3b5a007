package dev.ordersonaxon.saga;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OrderSagaPropertiesTest {

	@Test
	void defaultsToAThirtySecondTimeout() {
		assertThat(OrderSagaProperties.defaults().timeout()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void defaultsDeadlineSchedulingToTheEventStoreSchemaPolledEverySecond() {
		OrderSagaProperties.Deadlines deadlines = OrderSagaProperties.defaults().deadlines();

		assertThat(deadlines.tableName()).isEqualTo("event_store.scheduled_tasks");
		assertThat(deadlines.pollingInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(deadlines.threads()).isEqualTo(2);
		assertThat(OrderSagaProperties.defaults().segments()).isEqualTo(1);
	}

	@Test
	void keepsAConfiguredTimeout() {
		assertThat(new OrderSagaProperties(Duration.ofMillis(1500), null, null, null, null, null, null, null).timeout())
			.isEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void refusesATimeoutThatIsNotPositive() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new OrderSagaProperties(Duration.ZERO, null, null, null, null, null, null, null));
		assertThatIllegalArgumentException().isThrownBy(
				() -> new OrderSagaProperties(Duration.ofSeconds(-1), null, null, null, null, null, null, null));
	}

	@Test
	void handlesEverySegmentOnOneNodeUnlessToldToTakeFewer() {
		assertThat(new OrderSagaProperties(null, 8, null, null, null, null, null, null).threads()).isEqualTo(8);
		assertThat(new OrderSagaProperties(null, 8, 4, null, null, null, null, null).threads()).isEqualTo(4);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new OrderSagaProperties(null, 8, 0, null, null, null, null, null));
	}

	@Test
	void refusesFewerThanOneSegment() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new OrderSagaProperties(null, 0, null, null, null, null, null, null));
	}

	@Test
	void looksForAFreeSegmentEverySecondUnlessConfiguredOtherwise() {
		assertThat(OrderSagaProperties.defaults().claimInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(new OrderSagaProperties(null, null, null, null, null, null, Duration.ofMillis(200), null)
			.claimInterval()).isEqualTo(Duration.ofMillis(200));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new OrderSagaProperties(null, null, null, null, null, null, Duration.ZERO, null));
	}

	@Test
	void keepsTenThousandSagasInMemoryUnlessConfiguredOtherwise() {
		assertThat(OrderSagaProperties.defaults().cacheSize()).isEqualTo(10_000);
		assertThat(new OrderSagaProperties(null, null, null, null, null, null, null, 0).cacheSize()).isZero();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new OrderSagaProperties(null, null, null, null, null, null, null, -1));
	}

}
