package dev.ordersonaxon.benchmark.load;

/**
 * Assembles the events of a {@code text/event-stream} from its lines, by the rules of the
 * HTML standard as far as the tool needs them: {@code event}, {@code data} (several lines
 * joined with a line feed) and {@code id} fields, one optional space after the colon,
 * comments ({@code :...}) and unknown fields ignored, an event dispatched at a blank line
 * when it has data. Not thread-safe: one instance per stream, fed in order.
 */
final class ServerSentEvents {

	static final String DEFAULT_NAME = "message";

	private final StringBuilder data = new StringBuilder();

	private boolean hasData;

	private String name;

	private String id;

	/**
	 * Takes one line without its terminator; answers the event a blank line completes,
	 * else null.
	 */
	Event line(String line) {
		if (line.isEmpty()) {
			return dispatch();
		}
		if (line.charAt(0) == ':') {
			return null;
		}
		int colon = line.indexOf(':');
		String field = (colon < 0) ? line : line.substring(0, colon);
		String value = (colon < 0) ? "" : line.substring(colon + 1);
		if (value.startsWith(" ")) {
			value = value.substring(1);
		}
		switch (field) {
			case "event" -> this.name = value;
			case "data" -> {
				if (this.hasData) {
					this.data.append('\n');
				}
				this.data.append(value);
				this.hasData = true;
			}
			case "id" -> {
				if (value.indexOf('\0') < 0) {
					this.id = value;
				}
			}
			default -> {
				// retry and anything else: nothing the tool uses
			}
		}
		return null;
	}

	private Event dispatch() {
		Event event = this.hasData ? new Event((this.name == null || this.name.isEmpty()) ? DEFAULT_NAME : this.name,
				this.data.toString(), this.id) : null;
		this.data.setLength(0);
		this.hasData = false;
		this.name = null;
		return event;
	}

	/**
	 * One event.
	 *
	 * @param name its {@code event} field, else {@value #DEFAULT_NAME}
	 * @param data its {@code data} lines joined with line feeds
	 * @param id the last {@code id} seen on the stream, or null
	 */
	record Event(String name, String data, String id) {
	}

}
