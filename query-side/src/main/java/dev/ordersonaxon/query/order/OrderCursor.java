package dev.ordersonaxon.query.order;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

import dev.ordersonaxon.api.customer.CustomerId;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.OrderStatus;

/**
 * Where a list of orders, newest first, goes on: the sort key of the last order a client
 * was given, and the filters that list was made for. Clients get it as an opaque
 * base64url text and pass it back unchanged.
 * <p>
 * The text carries a digest of its content, so that a cursor that was cut, edited or
 * mixed up is refused rather than read as some other position. The digest is not a
 * secret: whoever computes it can only make a cursor for a position and filters that the
 * list answers anyway.
 */
record OrderCursor(Instant placedAt, OrderId orderId, CustomerId customerId, OrderStatus status) {

	/** Longer than any cursor {@link #encode()} makes; nothing longer is decoded. */
	static final int MAX_LENGTH = 400;

	private static final String VERSION = "o1";

	// ids never contain it ([A-Za-z0-9._-])
	private static final String SEPARATOR = "~";

	private static final int FIELDS = 6;

	// the range of timestamps both PostgreSQL and H2 hold, years 1 to 9999
	private static final long MIN_EPOCH_SECOND = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();

	private static final long MAX_EPOCH_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

	OrderCursor {
		Objects.requireNonNull(placedAt, "placedAt");
		Objects.requireNonNull(orderId, "orderId");
	}

	/** The cursor of the list that goes on after the given order. */
	static OrderCursor after(OrderListing.Key last, CustomerId customerId, OrderStatus status) {
		return new OrderCursor(last.placedAt(), last.orderId(), customerId, status);
	}

	String encode() {
		String content = String.join(SEPARATOR, VERSION, Long.toString(this.placedAt.getEpochSecond()),
				Integer.toString(this.placedAt.getNano()), this.orderId.value(),
				(this.customerId != null) ? this.customerId.value() : "",
				(this.status != null) ? this.status.name() : "");
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((content + SEPARATOR + digest(content)).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Reads a cursor that {@link #encode()} made.
	 * @throws IllegalArgumentException for any other text
	 */
	static OrderCursor decode(String text) {
		if (text.length() > MAX_LENGTH) {
			throw new IllegalArgumentException("too long");
		}
		String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
		int lastSeparator = decoded.lastIndexOf(SEPARATOR);
		if (lastSeparator < 0) {
			throw new IllegalArgumentException("no digest");
		}
		String content = decoded.substring(0, lastSeparator);
		if (!MessageDigest.isEqual(digest(content).getBytes(StandardCharsets.UTF_8),
				decoded.substring(lastSeparator + 1).getBytes(StandardCharsets.UTF_8))) {
			throw new IllegalArgumentException("digest does not match");
		}
		String[] fields = content.split(SEPARATOR, -1);
		if (fields.length != FIELDS || !VERSION.equals(fields[0])) {
			throw new IllegalArgumentException("not a cursor of this version");
		}
		long epochSecond = Long.parseLong(fields[1]);
		int nano = Integer.parseInt(fields[2]);
		if (epochSecond < MIN_EPOCH_SECOND || epochSecond > MAX_EPOCH_SECOND || nano < 0 || nano > 999_999_999) {
			throw new IllegalArgumentException("time out of range");
		}
		return new OrderCursor(Instant.ofEpochSecond(epochSecond, nano), new OrderId(fields[3]),
				fields[4].isEmpty() ? null : new CustomerId(fields[4]),
				fields[5].isEmpty() ? null : OrderStatus.valueOf(fields[5]));
	}

	boolean madeFor(CustomerId customerId, OrderStatus status) {
		return Objects.equals(this.customerId, customerId) && this.status == status;
	}

	OrderListing.Key key() {
		return new OrderListing.Key(this.placedAt, this.orderId);
	}

	private static String digest(String content) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

}
