package dev.ordersonaxon.query.infrastructure;

/**
 * Text as the views can store it. PostgreSQL's text types cannot hold U+0000: a name
 * containing it would fail its view's insert, park the customer or product and every
 * later event of it for good, and no operator fix could change an event that is already
 * stored. The edge refuses such names; older events, or another writer's, may still hold
 * one. Views therefore show U+FFFD (the replacement character) where the event had
 * U+0000; the event itself, and the event history, keep the original.
 */
public final class StorableText {

	private StorableText() {
	}

	public static String of(String text) {
		return (text == null || text.indexOf('\u0000') < 0) ? text : text.replace('\u0000', '\uFFFD');
	}

}
