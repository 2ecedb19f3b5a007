package dev.ordersonaxon.command.admission;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionFilterTest {

	private final AtomicReference<SagaBacklog.Measurement> backlog = new AtomicReference<>(
			SagaBacklog.Measurement.NONE);

	private final Placements placements = new Placements();

	private final AdmissionFilter door = new AdmissionFilter(new OrderAdmission(this.backlog::get, () -> {
	}, this.placements, () -> 0, new AdmissionSettings(true, Duration.ofSeconds(1), 0, 0, 10, Duration.ofMillis(250),
			Duration.ofSeconds(2), Duration.ofMillis(50)), Clock.systemUTC()), JsonMapper.builder().build());

	@Test
	void countsAPlacementAsPendingUnlessItsAnswerSaysNothingWasStored() {
		assertThat(AdmissionFilter.mayBeStored(202, null)).as("placed").isTrue();
		assertThat(AdmissionFilter.mayBeStored(400, null)).as("invalid").isFalse();
		assertThat(AdmissionFilter.mayBeStored(401, null)).as("not authenticated").isFalse();
		assertThat(AdmissionFilter.mayBeStored(409, null)).as("refused by the aggregate").isFalse();
		assertThat(AdmissionFilter.mayBeStored(503, null)).as("command timed out: may still complete").isTrue();
		assertThat(AdmissionFilter.mayBeStored(500, null)).as("failed, who knows where").isTrue();
		assertThat(AdmissionFilter.mayBeStored(200, new IllegalStateException("unhandled"))).as("unhandled failure")
			.isTrue();
	}

	@Test
	void countsAnAsynchronouslyAnsweredPlacementInFlightUntilItsAnswerIsComplete() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/orders");
		request.setAsyncSupported(true);
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.door.doFilter(request, response, new MockFilterChain() {
			@Override
			public void doFilter(ServletRequest req, ServletResponse res) {
				req.startAsync();
			}
		});
		assertThat(this.placements.inFlight()).as("answered later").isEqualTo(1);

		response.setStatus(HttpServletResponse.SC_ACCEPTED);
		request.getAsyncContext().complete();
		assertThat(this.placements.inFlight()).isZero();
		assertThat(this.placements.stored()).isEqualTo(1);
	}

	@Test
	void leavesEveryOtherRequestAlone() throws Exception {
		this.backlog.set(new SagaBacklog.Measurement(Duration.ofSeconds(5), 100, 10, Instant.now(), 0));

		for (MockHttpServletRequest other : new MockHttpServletRequest[] {
				new MockHttpServletRequest("GET", "/api/orders"),
				new MockHttpServletRequest("POST", "/api/orders/o-1/cancel"),
				new MockHttpServletRequest("POST", "/api/customers") }) {
			MockHttpServletResponse response = new MockHttpServletResponse();
			MockFilterChain chain = new MockFilterChain();
			this.door.doFilter(other, response, chain);
			assertThat(chain.getRequest()).as(other.getRequestURI()).isSameAs(other);
		}
		MockHttpServletResponse refused = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		this.door.doFilter(new MockHttpServletRequest("POST", "/api/orders;jsessionid=x"), refused, chain);
		assertThat(refused.getStatus()).isEqualTo(503);
		assertThat(refused.getHeader("Retry-After")).isEqualTo("2");
		assertThat(refused.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(chain.getRequest()).as("never passed on").isNull();
	}

}
