package dev.ordersonaxon.command.web;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import dev.ordersonaxon.api.CommandRefusedException;
import dev.ordersonaxon.api.ErrorCode;
import dev.ordersonaxon.api.ProblemType;
import dev.ordersonaxon.command.idempotency.IdempotencyKey;
import dev.ordersonaxon.command.idempotency.IdempotencyKeyInFlightException;
import dev.ordersonaxon.command.idempotency.IdempotencyKeyReusedException;
import dev.ordersonaxon.eventstore.faults.Causes;
import dev.ordersonaxon.eventstore.faults.TransientFaults;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure at the REST edge into an RFC 9457 problem response of the shared
 * vocabulary ({@link ProblemType}). Validation problems list each offending field;
 * refusals from the aggregates keep their own message; errors Spring MVC answers by
 * status (unknown path, wrong method or media type) get the type of their status; an
 * unexpected exception is logged and answered without its message.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

	private static final URI ABOUT_BLANK = URI.create("about:blank");

	private static final String INTERNAL_ERROR_DETAIL = "The request could not be answered; the error is logged.";

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> new FieldProblem(error.getField(), error.getDefaultMessage()))
			.sorted(Comparator.comparing(FieldProblem::field))
			.toList();
		return invalidInput("The request has invalid fields.", errors);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> (result instanceof ParameterErrors body)
					? body.getFieldErrors()
						.stream()
						.map((error) -> new FieldProblem(error.getField(), error.getDefaultMessage()))
					: result.getResolvableErrors()
						.stream()
						.map((error) -> new FieldProblem(parameterName(result), error.getDefaultMessage())))
			.sorted(Comparator.comparing(FieldProblem::field))
			.toList();
		return invalidInput("The request has invalid parameters.", errors);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Optional<BodySizeLimit.BodyTooLargeException> tooLarge = Causes.find(ex,
				BodySizeLimit.BodyTooLargeException.class);
		if (tooLarge.isPresent()) {
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
				.body(problem(ProblemType.BODY_TOO_LARGE, BodySizeLimit.tooLarge(tooLarge.get().maxBytes())));
		}
		if (ex.getMostSpecificCause() instanceof StreamConstraintsException) {
			return invalidInput("The request body is nested too deeply, or has a string or number longer than "
					+ "this server reads (see its JSON read limits).", List.of());
		}
		if (ex.getMostSpecificCause() instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
			String field = jsonPath(jackson.getPath());
			return invalidInput("The request body has a value of the wrong type or form.",
					List.of(new FieldProblem(field, "has an unreadable value")));
		}
		return invalidInput("The request body is missing or is not well-formed JSON.", List.of());
	}

	/**
	 * Tomcat could not read the query string: a parameter without a name, or a value that
	 * is not UTF-8 once decoded.
	 */
	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<Object> unreadableParameters(InvalidParameterException ex) {
		return invalidInput("The query string could not be read: every parameter needs a name, and values must be "
				+ "UTF-8 once percent-decoded.", List.of());
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<Object> illegalArgument(IllegalArgumentException ex) {
		return invalidInput(ex.getMessage(), List.of());
	}

	/** The token may not act for the customer the request names (a customer's token). */
	@ExceptionHandler(AccessDeniedException.class)
	ProblemDetail forbidden(AccessDeniedException ex) {
		return problem(ProblemType.FORBIDDEN, "The token does not allow this request for that customer.");
	}

	@ExceptionHandler(AggregateNotFoundException.class)
	ProblemDetail notFound(AggregateNotFoundException ex) {
		return problem(ProblemType.NOT_FOUND, "Nothing exists with id '" + ex.getAggregateIdentifier() + "'.");
	}

	/** Something other than an aggregate that the request names does not exist. */
	@ExceptionHandler(NoSuchElementException.class)
	ProblemDetail notFound(NoSuchElementException ex) {
		return problem(ProblemType.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler(IdempotencyKey.InvalidIdempotencyKeyException.class)
	ResponseEntity<Object> invalidIdempotencyKey(IdempotencyKey.InvalidIdempotencyKeyException ex) {
		return invalidInput("The Idempotency-Key header is not a key this server takes.",
				List.of(new FieldProblem(IdempotencyKey.HEADER, ex.getMessage())));
	}

	@ExceptionHandler(IdempotencyKeyInFlightException.class)
	ResponseEntity<ProblemDetail> idempotencyKeyInFlight(IdempotencyKeyInFlightException ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT)
			.header(HttpHeaders.RETRY_AFTER, "1")
			.body(problem(ProblemType.IDEMPOTENCY_KEY_IN_FLIGHT, ex.getMessage()));
	}

	@ExceptionHandler(IdempotencyKeyReusedException.class)
	ResponseEntity<ProblemDetail> idempotencyKeyReused(IdempotencyKeyReusedException ex) {
		return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
			.body(problem(ProblemType.IDEMPOTENCY_KEY_REUSED, ex.getMessage()));
	}

	@ExceptionHandler(AggregateStreamCreationException.class)
	ProblemDetail duplicateId(AggregateStreamCreationException ex) {
		return problem(ProblemType.DUPLICATE_ID,
				"Something with this id exists already; choose another id or leave it out.");
	}

	/**
	 * A command the aggregate refused. An invalid one is an invalid-input problem like
	 * any other, with an empty {@code errors} list: the aggregate's message says what is
	 * wrong (often a rule across fields, such as stock after a restock).
	 */
	@ExceptionHandler(CommandExecutionException.class)
	ResponseEntity<Object> refused(CommandExecutionException ex) {
		ErrorCode code = (ex instanceof CommandRefusedException refused) ? refused.code()
				: ex.<Object>getDetails()
					.filter(ErrorCode.class::isInstance)
					.map(ErrorCode.class::cast)
					.orElse(ErrorCode.INVALID_COMMAND);
		return switch (code) {
			case ILLEGAL_STATE ->
				ResponseEntity.status(HttpStatus.CONFLICT).body(problem(ProblemType.ILLEGAL_STATE, ex.getMessage()));
			case INVALID_COMMAND -> invalidInput(ex.getMessage(), List.of());
		};
	}

	@ExceptionHandler(ConcurrencyException.class)
	ResponseEntity<ProblemDetail> contention(ConcurrencyException ex) {
		ProblemDetail problem = problem(ProblemType.CONTENTION,
				"The target was changed concurrently too often to apply the command; nothing was changed. Try again.");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
	}

	/**
	 * Anything else is a fault of ours, logged in full and answered without its message;
	 * unless it is the database being away or refusing for now (a restart, a lost
	 * connection, no connection free; see {@link TransientFaults}): that is 503 with
	 * Retry-After, logged in one line. A command whose commit was cut off may have been
	 * stored or not; the detail says how to find out safely.
	 */
	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		if (TransientFaults.isTransient(ex)) {
			logger.warn("Request failed for want of the database: " + ex);
			ProblemDetail problem = problem(ProblemType.UNAVAILABLE,
					"The database could not be reached. A request that changes something may or may not have "
							+ "taken effect: repeat it with the same Idempotency-Key (or a create with its own id) "
							+ "to find out safely.");
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(HttpHeaders.RETRY_AFTER, "2")
				.body(problem);
		}
		logger.error("Request failed", ex);
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
			.body(problem(ProblemType.INTERNAL_ERROR, INTERNAL_ERROR_DETAIL));
	}

	/**
	 * Spring MVC's own errors (unknown path, wrong method, unreadable parameter, ...)
	 * come with a problem without a type (read as {@code about:blank}): they get the type
	 * of their status, and a 500 loses whatever internal message it had.
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

	/**
	 * The command may still complete: see {@link TimeLimitedCommands} for what the client
	 * can conclude. Retry-After suggests waiting as long as the request waited.
	 */
	@ExceptionHandler(CommandTimeoutException.class)
	ResponseEntity<ProblemDetail> timeout(CommandTimeoutException ex) {
		long seconds = Math.max(1, (ex.timeout().toMillis() + 999) / 1000);
		ProblemDetail problem = problem(ProblemType.TIMEOUT,
				"The command did not complete within " + ex.timeout().toMillis()
						+ " ms. It may still complete, entirely or not at all. Repeating it with the "
						+ "same Idempotency-Key (or a create with its own id) is safe and answers what it did.");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
			.body(problem);
	}

	private static ResponseEntity<Object> invalidInput(String detail, List<FieldProblem> errors) {
		ProblemDetail problem = problem(ProblemType.INVALID_INPUT, detail);
		problem.setProperty("errors", errors);
		return ResponseEntity.badRequest().body(problem);
	}

	static ProblemDetail problem(ProblemType type, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(type.status()), detail);
		problem.setType(URI.create(type.type()));
		problem.setTitle(type.title());
		return problem;
	}

	private static String parameterName(ParameterValidationResult result) {
		String name = result.getMethodParameter().getParameterName();
		return (name != null) ? name : "parameter";
	}

	private static String jsonPath(List<JacksonException.Reference> path) {
		StringBuilder field = new StringBuilder();
		for (JacksonException.Reference reference : path) {
			if (reference.getPropertyName() != null) {
				field.append(field.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				field.append('[').append(reference.getIndex()).append(']');
			}
		}
		return field.toString();
	}

	/**
	 * One offending field of a request, as listed in a validation problem's
	 * {@code errors}.
	 */
	record FieldProblem(String field, String message) {

	}

}
