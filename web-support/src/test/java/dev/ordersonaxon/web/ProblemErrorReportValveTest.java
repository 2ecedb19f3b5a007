package dev.ordersonaxon.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemErrorReportValveTest {

	@Test
	void answersARequestTomcatCannotReadAsAnInvalidInputProblem() {
		assertThat(ProblemErrorReportValve.problem(400)).isEqualTo("{\"type\":\"/problems/invalid-input\","
				+ "\"title\":\"Invalid input\",\"status\":400,\"detail\":\"The request could not be read as HTTP this"
				+ " server accepts (for example, a path with an encoded slash, backslash or NUL).\",\"errors\":[]}");
	}

	@Test
	void saysNothingFromInsideAboutAServerError() {
		assertThat(ProblemErrorReportValve.problem(500)).contains("\"type\":\"/problems/internal-error\"")
			.contains("\"detail\":\"The request could not be answered.\"")
			.doesNotContain("errors");
	}

	@Test
	void givesAStatusWithoutATypeOfItsOwnTheBlankType() {
		assertThat(ProblemErrorReportValve.problem(431)).startsWith("{\"type\":\"about:blank\",\"title\":\"HTTP 431\"");
	}

}
