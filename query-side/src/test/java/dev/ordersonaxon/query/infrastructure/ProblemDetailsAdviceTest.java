package dev.ordersonaxon.query.infrastructure;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The query side's problems for what its real endpoints cannot be made to do on demand: a
 * failure nobody expected. The vocabulary on real endpoints is covered by
 * {@code QuerySideIntegrationTest}.
 */
@WebMvcTest(controllers = ProblemDetailsAdviceTest.Failing.class)
@Import(ProblemDetailsAdviceTest.Failing.class)
class ProblemDetailsAdviceTest {

	@Autowired
	MockMvc mvc;

	@Test
	void answersAnUnexpectedFailureWithoutItsMessage() throws Exception {
		this.mvc.perform(get("/test/failing"))
			.andExpect(status().isInternalServerError())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("/problems/internal-error"))
			.andExpect(jsonPath("$.title").value("Internal error"))
			.andExpect(jsonPath("$.detail").value("The request could not be answered; the error is logged."))
			.andExpect(content().string(not(containsString("db-7"))));
	}

	@Test
	void answersTheDatabaseBeingAwayWithServiceUnavailable() throws Exception {
		this.mvc.perform(get("/test/database-away"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "2"))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("/problems/unavailable"))
			.andExpect(content().string(not(containsString("db-7"))));
	}

	@Test
	void answersAMissingParameterAsInvalidInputWithAnErrorsList() throws Exception {
		this.mvc.perform(get("/test/needs-a-parameter"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("/problems/invalid-input"))
			.andExpect(jsonPath("$.title").value("Invalid input"))
			.andExpect(jsonPath("$.errors").isArray());
	}

	@RestController
	static class Failing {

		@GetMapping("/test/failing")
		String failing() {
			throw new IllegalStateException("connection to db-7.internal:5432 refused");
		}

		@GetMapping("/test/database-away")
		String databaseAway() {
			throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
					new SQLException("Connection to db-7.internal:5432 refused", "08001"));
		}

		@GetMapping("/test/needs-a-parameter")
		String needsAParameter(@org.springframework.web.bind.annotation.RequestParam int page) {
			return "page " + page;
		}

	}

}
