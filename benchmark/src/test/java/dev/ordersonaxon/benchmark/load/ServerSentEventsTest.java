package dev.ordersonaxon.benchmark.load;

import java.util.ArrayList;
import java.util.List;

import dev.ordersonaxon.benchmark.load.ServerSentEvents.Event;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerSentEventsTest {

	private final ServerSentEvents events = new ServerSentEvents();

	@Test
	void readsTheEventsSpringWritesWithoutASpaceAfterTheColon() {
		assertThat(feed("event:order", "data:{\"status\":\"PENDING\"}", "", "event:order",
				"data:{\"status\":\"APPROVED\"}", ""))
			.containsExactly(new Event("order", "{\"status\":\"PENDING\"}", null),
					new Event("order", "{\"status\":\"APPROVED\"}", null));
	}

	@Test
	void dropsOneSpaceAfterTheColonOnly() {
		assertThat(feed("event: order", "data:  two spaces", ""))
			.containsExactly(new Event("order", " two spaces", null));
	}

	@Test
	void joinsDataLinesWithLineFeeds() {
		assertThat(feed("data:{", "data:\"a\":1", "data:}", ""))
			.containsExactly(new Event("message", "{\n\"a\":1\n}", null));
	}

	@Test
	void ignoresCommentsRetriesAndUnknownFields() {
		assertThat(feed(":keep-alive", "retry:1000", "colour:blue", "event:order", ": between", "data:x", ""))
			.containsExactly(new Event("order", "x", null));
	}

	@Test
	void aBlankLineWithoutDataDispatchesNothingAndForgetsTheName() {
		assertThat(feed("event:order", "", "", "data:x", "")).containsExactly(new Event("message", "x", null));
	}

	@Test
	void anEmptyDataFieldIsStillAnEvent() {
		assertThat(feed("event:ping", "data", "")).containsExactly(new Event("ping", "", null));
	}

	@Test
	void theLastIdCarriesOverToLaterEvents() {
		assertThat(feed("id:7", "data:a", "", "data:b", "")).containsExactly(new Event("message", "a", "7"),
				new Event("message", "b", "7"));
	}

	@Test
	void anEventWithoutItsBlankLineIsNotDispatched() {
		assertThat(feed("event:order", "data:x")).isEmpty();
	}

	private List<Event> feed(String... lines) {
		List<Event> dispatched = new ArrayList<>();
		for (String line : lines) {
			Event event = this.events.line(line);
			if (event != null) {
				dispatched.add(event);
			}
		}
		return dispatched;
	}

}
