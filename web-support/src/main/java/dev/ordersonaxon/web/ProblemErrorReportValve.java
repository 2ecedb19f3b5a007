package dev.ordersonaxon.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.ordersonaxon.api.ProblemType;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Answers what Tomcat refuses by itself, before any application code runs (a path with an
 * encoded slash or NUL, a malformed request line, a header too large), as an RFC 9457
 * problem in JSON of the shared vocabulary, instead of Tomcat's HTML page with its
 * version. Errors the application answers are left as they are: they are written already,
 * and this valve writes only into an empty response.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		try {
			SecurityHeaders.addTo(response);
			response.setContentType(ProblemJson.MEDIA_TYPE);
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(problem(status));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone, or the response was taken over meanwhile: nothing to
			// answer
		}
	}

	/** The problem for a status; its fixed texts only, never a message from inside. */
	static String problem(int status) {
		String detail = (status < 500) ? "The request could not be read as HTTP this server accepts (for example, "
				+ "a path with an encoded slash, backslash or NUL)." : "The request could not be answered.";
		return ProblemType.forStatus(status)
			.map((type) -> ProblemJson.of(type, detail))
			.orElseGet(() -> ProblemJson.untyped(status, detail));
	}

}
