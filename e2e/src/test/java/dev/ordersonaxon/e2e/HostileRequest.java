package dev.ordersonaxon.e2e;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One generated request, raw enough to carry what a well-behaved client never sends:
 * bytes that are not UTF-8, bodies without a declared length, headers a JSON client would
 * not set.
 *
 * @param index its place in the run, for replaying it with the same seed
 * @param app which application it goes to
 * @param endpoint the endpoint it aims at, as the summary counts it
 * @param mutation what was done to an otherwise valid request
 * @param method the HTTP method
 * @param path path and query, already percent-encoded
 * @param headers name and value pairs, in order
 * @param body the body's bytes, or null for none
 * @param chunked send the body without a length (chunked), as a streaming client would
 * @param mustRefuse the request names nothing that exists (an id of another type, say),
 * so anything but a 4xx is wrong
 * @param refusedByContainer the servlet container refuses it before any application code
 * runs (an encoded slash in the path, a header line over the size limit): with a problem
 * of the shared vocabulary (see {@code ProblemErrorReportValve}), or with no body at all
 */
record HostileRequest(int index, App app, String endpoint, String mutation, String method, String path,
		List<Header> headers, byte[] body, boolean chunked, boolean mustRefuse, boolean refusedByContainer) {

	enum App {

		COMMAND, QUERY

	}

	record Header(String name, String value) {

	}

	/** How to send it again by hand; bodies are cut at 2,000 characters. */
	String reproducer() {
		StringBuilder text = new StringBuilder();
		text.append('#')
			.append(this.index)
			.append(' ')
			.append(this.app)
			.append(' ')
			.append(this.endpoint)
			.append(" [")
			.append(this.mutation)
			.append("]\n  ")
			.append(this.method)
			.append(' ')
			.append(abbreviate(this.path, 300));
		text.append(this.headers.stream()
			.map((header) -> "\n  " + header.name() + ": " + abbreviate(printable(header.value()), 300))
			.collect(Collectors.joining()));
		if (this.chunked) {
			text.append("\n  Transfer-Encoding: chunked");
		}
		if (this.body != null) {
			text.append("\n  body (").append(this.body.length).append(" bytes): ");
			text.append(abbreviate(printable(new String(this.body, StandardCharsets.ISO_8859_1)), 2000));
		}
		return text.toString();
	}

	/** Bytes as Latin-1 characters, anything unprintable as a \\xNN escape. */
	private static String printable(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			if (c >= 0x20 && c < 0x7f) {
				out.append(c);
			}
			else {
				out.append(String.format("\\x%02x", (int) c));
			}
		}
		return out.toString();
	}

	private static String abbreviate(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max) + "…(" + text.length() + " in all)";
	}

}
