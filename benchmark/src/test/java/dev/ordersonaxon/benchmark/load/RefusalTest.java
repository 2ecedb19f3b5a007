package dev.ordersonaxon.benchmark.load;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.ordersonaxon.benchmark.HttpJson.Response;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RefusalTest {

	private static final String OVERLOADED = """
			{"type":"/problems/overloaded","title":"Overloaded","status":503,"detail":"Try again later."}""";

	@Test
	void aPlacementAnswered503IsARefusalAndNoOtherAnswerIs() {
		assertThat(Refusal.isRefusal(new Response(503, OVERLOADED))).isTrue();
		assertThat(Refusal.isRefusal(new Response(500, OVERLOADED))).isFalse();
		assertThat(Refusal.isRefusal(new Response(429, OVERLOADED))).isFalse();
		assertThat(Refusal.isRefusal(new Response(202, "{}"))).isFalse();
	}

	@Test
	void readsTheProblemTypeTheRetryAfterAndTheMediaType() {
		Refusal refusal = Refusal
			.of(response(OVERLOADED, "Content-Type", "application/problem+json;charset=UTF-8", "retry-after", " 3 "));

		assertThat(refusal.problemType()).isEqualTo("/problems/overloaded");
		assertThat(refusal.typeName()).isEqualTo("overloaded");
		assertThat(refusal.retryAfterSeconds()).isEqualTo(3);
		assertThat(refusal.hasRetryAfter()).isTrue();
		assertThat(refusal.problemJson()).isTrue();
		assertThat(refusal.promisesNothingStored()).isTrue();
		assertThat(refusal.backoff()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void aRetryAfterThatIsNoNumberOfSecondsIsMissing() {
		Refusal dated = Refusal.of(response(OVERLOADED, "Content-Type", "application/problem+json", "Retry-After",
				"Wed, 21 Oct 2026 07:28:00 GMT"));
		Refusal none = Refusal.of(response(OVERLOADED, "Content-Type", "application/problem+json"));

		assertThat(dated.hasRetryAfter()).isFalse();
		assertThat(none.hasRetryAfter()).isFalse();
		assertThat(none.backoff()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void plainJsonOrNoBodyIsNoProblem() {
		Refusal json = Refusal.of(response(OVERLOADED, "Content-Type", "application/json", "Retry-After", "1"));
		Refusal empty = Refusal.of(response("", "Retry-After", "1"));
		Refusal html = Refusal.of(response("<html>busy</html>", "Content-Type", "text/html"));

		assertThat(json.problemJson()).isFalse();
		assertThat(json.problemType()).isEqualTo("/problems/overloaded");
		assertThat(empty.problemType()).isNull();
		assertThat(empty.typeName()).isEqualTo(Refusal.NO_TYPE);
		assertThat(html.problemType()).isNull();
		assertThat(html.promisesNothingStored()).isFalse();
	}

	@Test
	void onlyTheAdmissionControlsRefusalPromisesThatNothingWasStored() {
		Refusal unavailable = Refusal.of(response("{\"type\":\"/problems/unavailable\"}", "Content-Type",
				"application/problem+json", "Retry-After", "2"));
		Refusal absolute = Refusal.of(response("{\"type\":\"https://example.org/problems/overloaded\"}", "Content-Type",
				"application/problem+json", "Retry-After", "2"));

		assertThat(unavailable.typeName()).isEqualTo("unavailable");
		assertThat(unavailable.promisesNothingStored()).isFalse();
		assertThat(absolute.typeName()).isEqualTo("overloaded");
		assertThat(absolute.promisesNothingStored()).isTrue();
	}

	private static Response response(String body, String... headers) {
		Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		for (int i = 0; i < headers.length; i += 2) {
			map.put(headers[i], List.of(headers[i + 1]));
		}
		return new Response(503, body, HttpHeaders.of(map, (name, value) -> true));
	}

}
