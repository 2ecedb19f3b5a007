package dev.ordersonaxon.command.admission;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class OrderAdmissionTest {

	private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

	private final AtomicReference<SagaBacklog.Measurement> backlog = new AtomicReference<>(
			SagaBacklog.Measurement.NONE);

	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	private final AtomicInteger connectionWaiters = new AtomicInteger();

	private final AtomicInteger measurementsAskedFor = new AtomicInteger();

	private final Placements placements = new Placements();

	@Test
	void admitsWhileTheSagaIsWithinItsLag() {
		OrderAdmission admission = admission(settings(true, "1s", 0));
		this.backlog.set(measured("1000ms", 40, NOW));

		assertThatNoException().isThrownBy(admission::admit);
	}

	@Test
	void refusesOnceTheOldestUnhandledEventIsOlderThanTheBoundAndCountsIt() {
		OrderAdmission admission = admission(settings(true, "1s", 0));
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		admission.bindTo(meters);
		this.backlog.set(measured("1001ms", 40, NOW));

		OrdersOverloadedException refused = catchThrowableOfType(OrdersOverloadedException.class, admission::admit);

		assertThat(refused.retryAfterSeconds()).isEqualTo(2);
		assertThat(refused.backlog().lag()).isEqualTo(Duration.ofMillis(1001));
		assertThat(refused).hasMessageContaining("1001 ms").hasMessageContaining("Nothing was stored");
		assertThat(meters.get("orders.admission.refused").tag("reason", "saga-lag").counter().count()).isEqualTo(1);
		assertThat(meters.get("orders.admission.saga.lag").gauge().value()).isEqualTo(1.001);
		assertThat(meters.get("orders.admission.saga.lag.events").gauge().value()).isEqualTo(40);
		assertThat(meters.get("orders.admission.saga.lag.max").gauge().value()).isEqualTo(1.0);
		// a lag is seen at the next check interval soon enough
		assertThat(this.measurementsAskedFor).hasValue(0);
	}

	@Test
	void refusesBeyondTheBoundInEventsWhenOneIsSet() {
		this.backlog.set(measured("10ms", 501, NOW));

		assertThatNoException().isThrownBy(admission(settings(true, "1s", 0))::admit);
		assertThatNoException().isThrownBy(admission(settings(true, "1s", 501))::admit);
		assertThat(catchThrowableOfType(OrdersOverloadedException.class, admission(settings(true, "1s", 500))::admit))
			.hasMessageContaining("501 events");
	}

	@Test
	void refusesWhileTheBoundOfPendingOrdersIsReachedCountingThoseInFlight() {
		OrderAdmission admission = admission(pendingBound(10));
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		admission.bindTo(meters);
		this.backlog.set(pending(8, 0));

		// 8 pending when measured, and each order admitted since is one more
		assertThatNoException().isThrownBy(admission::admit);
		assertThatNoException().isThrownBy(admission::admit);
		OrdersOverloadedException refused = catchThrowableOfType(OrdersOverloadedException.class, admission::admit);
		assertThat(refused).hasMessageContaining("10 orders are being decided, and at most 10 may be")
			.hasMessageContaining("Nothing was stored");
		assertThat(refused.backlog().pendingOrders()).isEqualTo(8);
		assertThat(meters.get("orders.admission.refused").tag("reason", "pending-orders").counter().count())
			.isEqualTo(1);
		assertThat(meters.get("orders.admission.pending.orders").gauge().value()).isEqualTo(8);
		assertThat(meters.get("orders.admission.pending.orders.max").gauge().value()).isEqualTo(10);
		assertThat(meters.get("orders.admission.placements.in.flight").gauge().value()).isEqualTo(2);

		// a refused placement is not in flight: it is never answered through the door
		assertThat(this.placements.inFlight()).isEqualTo(2);
	}

	@Test
	void asksForTheNextMeasurementSoonOnceHalfTheBoundOfPendingOrdersIsTaken() {
		OrderAdmission admission = admission(pendingBound(10));
		this.backlog.set(pending(3, 0));

		admission.admit();
		assertThat(this.measurementsAskedFor).as("4 of 10").hasValue(0);

		// orders decided since the measurement count until the next one: it is asked for
		// now, not left to the check interval, and again by every placement from here on
		admission.admit();
		assertThat(this.measurementsAskedFor).as("5 of 10").hasValue(1);
		this.backlog.set(pending(10, this.placements.stored()));
		catchThrowableOfType(OrdersOverloadedException.class, admission::admit);
		assertThat(this.measurementsAskedFor).as("refused").hasValue(2);
	}

	@Test
	void countsAnOrderAdmittedBeforeAMeasurementThatStoredItTooLateToBeSeen() {
		OrderAdmission admission = admission(pendingBound(10));
		this.backlog.set(pending(6, 0));
		admission.admit();
		admission.admit();

		// measured while both were still being stored: it did not see them
		this.backlog.set(pending(8, this.placements.stored()));
		assertThat(catchThrowableOfType(OrdersOverloadedException.class, admission::admit))
			.hasMessageContaining("10 orders are being decided");

		// stored and answered after the measurement began: still unseen by it
		admission.answered(true);
		admission.answered(true);
		assertThat(catchThrowableOfType(OrdersOverloadedException.class, admission::admit)).isNotNull();

		// the next measurement begins after both were stored, and sees them
		this.backlog.set(pending(9, this.placements.stored()));
		assertThatNoException().isThrownBy(admission::admit);
		assertThat(catchThrowableOfType(OrdersOverloadedException.class, admission::admit)).isNotNull();
	}

	@Test
	void aPlacementAnsweredWithoutItsOrderPlacedIsPendingNowhere() {
		OrderAdmission admission = admission(pendingBound(3));
		this.backlog.set(pending(1, 0));
		admission.admit();
		admission.admit();
		assertThat(catchThrowableOfType(OrdersOverloadedException.class, admission::admit)).isNotNull();

		// answered that nothing was stored (invalid, or refused by the aggregate)
		admission.answered(false);

		assertThatNoException().isThrownBy(admission::admit);
		assertThat(this.placements.stored()).isZero();
	}

	@Test
	void aPlacementBeingJudgedCountsTheOthersInFlight() {
		OrderAdmission admission = admission(pendingBound(3));
		this.backlog.set(pending(1, 0));
		admission.admit();

		// another request, admitted but not yet past its own judgement, takes the last
		// slot
		this.placements.admitted();

		assertThat(catchThrowableOfType(OrdersOverloadedException.class, admission::admit))
			.hasMessageContaining("3 orders are being decided, and at most 3 may be");
		assertThat(this.placements.inFlight()).isEqualTo(2);
	}

	@Test
	void countsPlacementsAlsoWhileDisabledSoThatTurningItOnFindsThemInFlight() {
		admission(settings(false, "1s", 0)).admit();

		assertThat(this.placements.inFlight()).isEqualTo(1);
	}

	@Test
	void setsNoBoundOnPendingOrdersUnlessOneIsGiven() {
		this.backlog.set(pending(100_000, 0));

		assertThatNoException().isThrownBy(admission(pendingBound(0))::admit);
		assertThatIllegalArgumentException().isThrownBy(() -> pendingBound(-1));
	}

	@Test
	void admitsWhileItCannotSeeTheBacklogButRefusesWhileItsMeasurementIsHeldUp() {
		OrderAdmission admission = admission(settings(true, "1s", 0));

		// no measurement yet, or the last one failed (the database away)
		assertThatNoException().isThrownBy(admission::admit);
		// 8 intervals of 250 ms old is still current
		this.backlog.set(measured("10ms", 3, NOW.minusMillis(2000)));
		assertThatNoException().isThrownBy(admission::admit);
		// older: the measuring thread is held up, and so is the node
		this.backlog.set(measured("10ms", 3, NOW.minusMillis(2001)));
		assertThat(catchThrowableOfType(OrdersOverloadedException.class, admission::admit))
			.hasMessageContaining("last measured 2001 ms ago");
	}

	@Test
	void keepsTheBoundOnPendingOrdersWhileTheBacklogCannotBeMeasured() {
		OrderAdmission admission = admission(pendingBound(10));
		this.backlog.set(pending(0, 0));
		admission.admit();
		admission.answered(true);
		admission.admit();
		admission.answered(true);
		// the last measurement began after those two were stored, and counted them
		SagaBacklog.Measurement last = pending(8, this.placements.stored());
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		admission.bindTo(meters);
		assertThat(meters.get("orders.admission.saga.backlog.measured").gauge().value()).isEqualTo(1);
		this.backlog.set(SagaBacklog.Measurement.failedAfter(last));
		assertThat(meters.get("orders.admission.saga.backlog.measured").gauge().value()).isZero();

		// what the last measurement counted, and every placement since, still count
		assertThatNoException().isThrownBy(admission::admit);
		admission.answered(true);
		assertThatNoException().isThrownBy(admission::admit);
		assertThat(catchThrowableOfType(OrdersOverloadedException.class, admission::admit))
			.hasMessageContaining("cannot be measured now")
			.hasMessageContaining("10 orders are being decided");
	}

	@Test
	void countsEveryPlacementOfTheNodeAgainstTheBoundBeforeTheFirstMeasurement() {
		OrderAdmission admission = admission(pendingBound(2));

		admission.admit();
		admission.answered(true);
		admission.admit();

		assertThat(catchThrowableOfType(OrdersOverloadedException.class, admission::admit)).isNotNull();
	}

	@Test
	void refusesWhileMoreRequestsThanAllowedWaitForADatabaseConnection() {
		OrderAdmission admission = admission(settings(true, "1s", 0));
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		admission.bindTo(meters);
		this.backlog.set(measured("10ms", 3, NOW));

		this.connectionWaiters.set(10);
		assertThatNoException().isThrownBy(admission::admit);
		this.connectionWaiters.set(11);
		assertThat(catchThrowableOfType(OrdersOverloadedException.class, admission::admit))
			.hasMessageContaining("11 requests wait for the database");
		assertThat(meters.get("orders.admission.refused").tag("reason", "connection-waiters").counter().count())
			.isEqualTo(1);
		// also when the saga's lag cannot be seen
		this.backlog.set(SagaBacklog.Measurement.NONE);
		assertThat(catchThrowableOfType(OrdersOverloadedException.class, admission::admit)).isNotNull();
	}

	@Test
	void admitsEverythingWhenDisabled() {
		this.backlog.set(measured("1h", 1_000_000, NOW));

		this.connectionWaiters.set(1000);

		assertThatNoException().isThrownBy(admission(settings(false, "1s", 1))::admit);
	}

	@Test
	void refusesSettingsThatCannotWork() {
		assertThatIllegalArgumentException().isThrownBy(() -> settings(true, "0s", 0));
		assertThatIllegalArgumentException().isThrownBy(() -> settings(true, "1s", -1));
		assertThatIllegalArgumentException().isThrownBy(() -> new AdmissionSettings(true, Duration.ofSeconds(1), 0, 0,
				10, Duration.ZERO, Duration.ofSeconds(2), Duration.ofMillis(50)));
		assertThatIllegalArgumentException().isThrownBy(() -> new AdmissionSettings(true, Duration.ofSeconds(1), 0, 0,
				-1, Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofMillis(50)));
		assertThatIllegalArgumentException().isThrownBy(() -> new AdmissionSettings(true, Duration.ofSeconds(1), 0, 0,
				10, Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ZERO));
		assertThat(new AdmissionSettings(true, Duration.ofSeconds(1), 0, 0, 10, Duration.ofMillis(250),
				Duration.ofMillis(1500), Duration.ofMillis(50))
			.retryAfterSeconds()).isEqualTo(2);
	}

	private OrderAdmission admission(AdmissionSettings settings) {
		return new OrderAdmission(this.backlog::get, this.measurementsAskedFor::incrementAndGet, this.placements,
				this.connectionWaiters::get, settings, this.clock);
	}

	private static AdmissionSettings settings(boolean enabled, String maxLag, long maxEvents) {
		return new AdmissionSettings(enabled, duration(maxLag), maxEvents, 0, 10, Duration.ofMillis(250),
				Duration.ofSeconds(2), Duration.ofMillis(50));
	}

	private static AdmissionSettings pendingBound(long maxPending) {
		return new AdmissionSettings(true, Duration.ofSeconds(1), 0, maxPending, 10, Duration.ofMillis(250),
				Duration.ofSeconds(2), Duration.ofMillis(50));
	}

	private static SagaBacklog.Measurement measured(String lag, long events, Instant at) {
		return new SagaBacklog.Measurement(duration(lag), events, 0, at, 0);
	}

	private static SagaBacklog.Measurement pending(long orders, long storedHereBefore) {
		return new SagaBacklog.Measurement(Duration.ofMillis(10), orders, orders, NOW, storedHereBefore);
	}

	private static Duration duration(String text) {
		if (text.endsWith("ms")) {
			return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
		}
		if (text.endsWith("h")) {
			return Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
		}
		return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
	}

}
