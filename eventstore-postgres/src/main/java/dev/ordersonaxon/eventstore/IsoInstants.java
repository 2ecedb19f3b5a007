package dev.ordersonaxon.eventstore;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

import org.axonframework.common.DateTimeUtils;

/**
 * Reads the timestamps Axon stores. Axon writes every event's timestamp as UTC with
 * milliseconds ({@code 2026-11-22T09:02:57.596Z}) and parses it back with a general ISO
 * formatter, which profiles of a replay showed at a fifth of a projection's CPU. This
 * reads that one layout directly and leaves anything else to Axon's parser.
 */
final class IsoInstants {

	/** {@code yyyy-MM-ddTHH:mm:ss.SSSZ} */
	private static final int UTC_MILLIS_LENGTH = 24;

	private IsoInstants() {
	}

	static Instant parse(CharSequence text) {
		if (text.length() == UTC_MILLIS_LENGTH && hasUtcMillisLayout(text)) {
			try {
				long days = LocalDate.of(digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2)).toEpochDay();
				int hour = digits(text, 11, 2);
				int minute = digits(text, 14, 2);
				int second = digits(text, 17, 2);
				if (hour < 24 && minute < 60 && second < 60) {
					long epochSecond = days * 86_400 + hour * 3_600L + minute * 60L + second;
					return Instant.ofEpochSecond(epochSecond, digits(text, 20, 3) * 1_000_000L);
				}
			}
			catch (DateTimeException ex) {
				// not a calendar date: let the general parser report it
			}
		}
		return DateTimeUtils.parseInstant(text);
	}

	private static boolean hasUtcMillisLayout(CharSequence text) {
		for (int i = 0; i < UTC_MILLIS_LENGTH; i++) {
			char c = text.charAt(i);
			boolean ok = switch (i) {
				case 4, 7 -> c == '-';
				case 10 -> c == 'T';
				case 13, 16 -> c == ':';
				case 19 -> c == '.';
				case 23 -> c == 'Z';
				default -> c >= '0' && c <= '9';
			};
			if (!ok) {
				return false;
			}
		}
		return true;
	}

	private static int digits(CharSequence text, int start, int count) {
		int value = 0;
		for (int i = start; i < start + count; i++) {
			value = value * 10 + (text.charAt(i) - '0');
		}
		return value;
	}

}
