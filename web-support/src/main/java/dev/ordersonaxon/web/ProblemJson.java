package dev.ordersonaxon.web;

import java.io.IOException;

import dev.ordersonaxon.api.ProblemType;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Problems written straight into a response, where no Spring MVC exception handler runs:
 * Tomcat's own refusals and the security filters' 401 and 403. Only fixed texts go in, so
 * nothing from inside the system is echoed.
 */
public final class ProblemJson {

	public static final String MEDIA_TYPE = "application/problem+json";

	private ProblemJson() {
	}

	/** The problem document for {@code type} with {@code detail}. */
	public static String of(ProblemType type, String detail) {
		// an invalid-input problem always lists its fields, here none
		String errors = (type == ProblemType.INVALID_INPUT) ? ",\"errors\":[]" : "";
		return "{\"type\":\"" + type.type() + "\",\"title\":\"" + escape(type.title()) + "\",\"status\":"
				+ type.status() + ",\"detail\":\"" + escape(detail) + "\"" + errors + "}";
	}

	/** The problem for a status that has no type of its own here. */
	static String untyped(int status, String detail) {
		return "{\"type\":\"about:blank\",\"title\":\"HTTP " + status + "\",\"status\":" + status + ",\"detail\":\""
				+ escape(detail) + "\"}";
	}

	/** Answers the response with {@code type}'s status and this problem. */
	public static void write(HttpServletResponse response, ProblemType type, String detail) throws IOException {
		response.setStatus(type.status());
		response.setContentType(MEDIA_TYPE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(of(type, detail));
	}

	private static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				escaped.append('\\').append(c);
			}
			else if (c < 0x20) {
				escaped.append(String.format("\\u%04x", (int) c));
			}
			else {
				escaped.append(c);
			}
		}
		return escaped.toString();
	}

}
