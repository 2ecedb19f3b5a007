package dev.ordersonaxon.query.infrastructure;

import java.net.URI;
import java.util.List;

import dev.ordersonaxon.api.ProblemType;
import dev.ordersonaxon.eventstore.faults.TransientFaults;
import dev.ordersonaxon.query.infrastructure.InvalidRequestException.FieldProblem;
import org.apache.tomcat.util.http.InvalidParameterException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error into an RFC 9457 problem response of the vocabulary the command side
 * answers with too ({@link ProblemType}). Errors Spring MVC answers by status (unknown
 * path, wrong method or media type) get the type of their status; an unexpected exception
 * is logged and answered without its message.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final URI ABOUT_BLANK = URI.create("about:blank");

	private static final String INTERNAL_ERROR_DETAIL = "The request could not be answered; the error is logged.";

	/** The token may not act for the customer the request names (a customer's token). */
	@ExceptionHandler(AccessDeniedException.class)
	ProblemDetail forbidden(AccessDeniedException ex) {
		return problem(ProblemType.FORBIDDEN, "The token does not allow this request for that customer.");
	}

	@ExceptionHandler(NotFoundException.class)
	ProblemDetail notFound(NotFoundException ex) {
		return problem(ProblemType.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler(ConflictException.class)
	ProblemDetail conflict(ConflictException ex) {
		return problem(ProblemType.ILLEGAL_STATE, ex.getMessage());
	}

	@ExceptionHandler(TooManyRequestsException.class)
	ResponseEntity<ProblemDetail> tooMany(TooManyRequestsException ex) {
		long seconds = Math.max(1, (ex.retryAfter().toMillis() + 999) / 1000);
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
			.body(problem(ProblemType.TOO_MANY_STREAMS, ex.getMessage()));
	}

	@ExceptionHandler(InvalidRequestException.class)
	ProblemDetail invalid(InvalidRequestException ex) {
		return invalidInput(ex.getMessage(), ex.errors());
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
		return invalidInput(InvalidRequestException.DEFAULT_DETAIL, List
			.of(new FieldProblem(ex.getName(), "cannot be read as "
					+ ((ex.getRequiredType() != null) ? ex.getRequiredType().getSimpleName() : "the expected type"))));
	}

	/**
	 * Tomcat could not read the query string: a parameter without a name, or a value that
	 * is not UTF-8 once decoded.
	 */
	@ExceptionHandler(InvalidParameterException.class)
	ProblemDetail unreadableParameters(InvalidParameterException ex) {
		return invalidInput("The query string could not be read: every parameter needs a name, and values must be "
				+ "UTF-8 once percent-decoded.", List.of());
	}

	/**
	 * Anything else is a fault of ours, logged in full and answered without its message;
	 * unless it is the database being away or refusing for now (see
	 * {@link TransientFaults}): that is 503 with Retry-After, logged in one line.
	 */
	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		if (TransientFaults.isTransient(ex)) {
			logger.warn("Request failed for want of the database: " + ex);
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(HttpHeaders.RETRY_AFTER, "2")
				.body(problem(ProblemType.UNAVAILABLE, "The database could not be reached; try again shortly."));
		}
		logger.error("Request failed", ex);
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
			.body(problem(ProblemType.INTERNAL_ERROR, INTERNAL_ERROR_DETAIL));
	}

	/**
	 * Spring MVC's own errors come with a problem without a type (read as
	 * {@code about:blank}): they get the type of their status, and a 500 loses whatever
	 * internal message it had.
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		if (body instanceof ProblemDetail problem
				&& (problem.getType() == null || ABOUT_BLANK.equals(problem.getType()))) {
			ProblemType.forStatus(statusCode.value()).ifPresent((type) -> {
				problem.setType(URI.create(type.type()));
				problem.setTitle(type.title());
				if (type == ProblemType.INVALID_INPUT
						&& (problem.getProperties() == null || !problem.getProperties().containsKey("errors"))) {
					problem.setProperty("errors", List.of());
				}
				if (type == ProblemType.INTERNAL_ERROR) {
					problem.setDetail(INTERNAL_ERROR_DETAIL);
				}
			});
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static ProblemDetail invalidInput(String detail, List<FieldProblem> errors) {
		ProblemDetail problem = problem(ProblemType.INVALID_INPUT, detail);
		problem.setProperty("errors", errors);
		return problem;
	}

	static ProblemDetail problem(ProblemType type, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(type.status()), detail);
		problem.setType(URI.create(type.type()));
		problem.setTitle(type.title());
		return problem;
	}

}
