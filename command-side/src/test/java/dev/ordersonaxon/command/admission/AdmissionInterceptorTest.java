package dev.ordersonaxon.command.admission;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionInterceptorTest {

	@Test
	void countsAPlacementAsPendingUnlessItsAnswerSaysNothingWasStored() {
		assertThat(AdmissionInterceptor.mayBeStored(202, null)).as("placed").isTrue();
		assertThat(AdmissionInterceptor.mayBeStored(400, null)).as("invalid").isFalse();
		assertThat(AdmissionInterceptor.mayBeStored(409, null)).as("refused by the aggregate").isFalse();
		assertThat(AdmissionInterceptor.mayBeStored(503, null)).as("command timed out: may still complete").isTrue();
		assertThat(AdmissionInterceptor.mayBeStored(500, null)).as("failed, who knows where").isTrue();
		assertThat(AdmissionInterceptor.mayBeStored(200, new IllegalStateException("unhandled")))
			.as("unhandled failure")
			.isTrue();
	}

}
