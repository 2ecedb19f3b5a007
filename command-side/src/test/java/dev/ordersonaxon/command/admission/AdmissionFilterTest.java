package dev.ordersonaxon.command.admission;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionFilterTest {

	@Test
	void countsAPlacementAsPendingUnlessItsAnswerSaysNothingWasStored() {
		assertThat(AdmissionFilter.mayBeStored(202, null)).as("placed").isTrue();
		assertThat(AdmissionFilter.mayBeStored(400, null)).as("invalid").isFalse();
		assertThat(AdmissionFilter.mayBeStored(409, null)).as("refused by the aggregate").isFalse();
		assertThat(AdmissionFilter.mayBeStored(503, null)).as("command timed out: may still complete").isTrue();
		assertThat(AdmissionFilter.mayBeStored(500, null)).as("failed, who knows where").isTrue();
		assertThat(AdmissionFilter.mayBeStored(200, new IllegalStateException("unhandled"))).as("unhandled failure")
			.isTrue();
	}

}
