package dev.ordersonaxon.api;

/**
 * Upper bounds on every quantity and amount a command can carry, chosen so that every
 * column and every sum downstream holds them with room to spare. The REST edge refuses
 * larger values with 400 before dispatching; the aggregates refuse them again, so that
 * nothing beyond them reaches the event store by any path.
 * <p>
 * Where each bound comes from:
 * <ul>
 * <li>Amounts are at most {@value #MAX_AMOUNT_TEXT}: the views keep amounts in
 * {@code numeric(19, 2)} (below 10^17), so a customer's reserved credit (never above its
 * limit) and sums over ten thousand maximal orders still fit; and every amount up to it
 * has at most 15 significant digits, so a client that parses JSON numbers as doubles
 * reads it exactly.</li>
 * <li>A product holds at most {@value #MAX_STOCK} units, available and reserved together:
 * the views keep both in {@code integer} columns (2,147,483,647), and stock only moves
 * between the two.</li>
 * <li>An order has at most {@value #MAX_LINES} lines of at most {@value #MAX_QUANTITY}
 * units each, and its total (Σ quantity × unit price) is an amount like any other.</li>
 * </ul>
 */
public final class Limits {

	/**
	 * Largest price, credit limit or order total, as Bean Validation's
	 * {@code @DecimalMax} wants it.
	 */
	public static final String MAX_AMOUNT_TEXT = "1000000000000.00";

	/** Largest price, credit limit or order total. */
	public static final Money MAX_AMOUNT = Money.of(MAX_AMOUNT_TEXT);

	/**
	 * Most units of a product, available and reserved together; so also most stock one
	 * create or restock adds.
	 */
	public static final int MAX_STOCK = 1_000_000_000;

	/** Most units of one product in one order line. */
	public static final int MAX_QUANTITY = 1_000_000;

	/** Most lines in one order. */
	public static final int MAX_LINES = 100;

	private Limits() {
	}

	/** Whether {@code amount} is no larger than {@link #MAX_AMOUNT}. */
	public static boolean withinMaxAmount(Money amount) {
		return !amount.isGreaterThan(MAX_AMOUNT);
	}

}
