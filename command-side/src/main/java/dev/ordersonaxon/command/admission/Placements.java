package dev.ordersonaxon.command.admission;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The order placements of this node that a measurement of the {@link SagaBacklog} may not
 * show: those admitted and not yet answered (their order may not be stored yet when the
 * measurement counts), and those answered since the measurement began. A placement is
 * counted in flight from its admission until its answer, and stored from its answer on
 * unless the answer says nothing was stored (an answer that cannot tell, such as a
 * command that timed out, counts as stored); so at every moment a placement whose order
 * may be stored is in one of the two counts or both, never in neither. A refused
 * placement is counted in flight only while it is judged.
 */
public final class Placements {

	private final AtomicLong inFlight = new AtomicLong();

	private final AtomicLong stored = new AtomicLong();

	/** A placement was admitted; its request goes on to place the order. */
	void admitted() {
		this.inFlight.incrementAndGet();
	}

	/**
	 * An admitted placement was answered.
	 * @param stored whether its order was placed, or may have been: false only when the
	 * answer says nothing was stored
	 */
	void answered(boolean stored) {
		// counted stored before it leaves the flight: for a moment it is in both counts
		if (stored) {
			this.stored.incrementAndGet();
		}
		this.inFlight.decrementAndGet();
	}

	/**
	 * How many placements this node has answered as stored so far; a measurement reads it
	 * as it begins.
	 */
	public long stored() {
		return this.stored.get();
	}

	/** Placements admitted and not yet answered. */
	public long inFlight() {
		return this.inFlight.get();
	}

	/**
	 * How many orders this node placed that a measurement may not have seen: those in
	 * flight now and those answered as stored since it began. One answered just as it
	 * began may be counted although it was seen, never the other way round.
	 * @param storedBefore {@link #stored()} as the measurement began
	 */
	long unseenBy(long storedBefore) {
		// in flight first: one answered in between is then counted twice, not missed
		long flying = this.inFlight.get();
		return flying + Math.max(0, this.stored.get() - storedBefore);
	}

}
