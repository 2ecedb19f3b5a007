package dev.ordersonaxon.benchmark.load;

/**
 * What an order of the mix is planned to go through, and the final state that proves it.
 */
enum OrderKind {

	/** A customer with ample credit orders products in stock. */
	APPROVE("APPROVED", null, true),

	/** A customer whose limit is below any order's total. */
	CREDIT_EXCEEDED("REJECTED", "CREDIT_LIMIT_EXCEEDED", true),

	/**
	 * One line asks for a product that has no stock; the other lines are released again.
	 */
	OUT_OF_STOCK("REJECTED", "OUT_OF_STOCK", true),

	/** Cancelled right after it was placed, usually while still pending. */
	CANCEL_PENDING("CANCELLED", null, false),

	/** Cancelled once it was seen approved: credit and stock are given back. */
	CANCEL_APPROVED("CANCELLED", null, false);

	private final String finalStatus;

	private final String rejectionReason;

	private final boolean decidedBySaga;

	OrderKind(String finalStatus, String rejectionReason, boolean decidedBySaga) {
		this.finalStatus = finalStatus;
		this.rejectionReason = rejectionReason;
		this.decidedBySaga = decidedBySaga;
	}

	String finalStatus() {
		return this.finalStatus;
	}

	/** The reason an order of this kind must be rejected with, or null. */
	String rejectionReason() {
		return this.rejectionReason;
	}

	/** Its place → final latency is the saga's round trip, without a second request. */
	boolean decidedBySaga() {
		return this.decidedBySaga;
	}

	boolean isExpected(String status, String reason) {
		if (!this.finalStatus.equals(status)) {
			return false;
		}
		return this.rejectionReason == null || this.rejectionReason.equals(reason);
	}

}
