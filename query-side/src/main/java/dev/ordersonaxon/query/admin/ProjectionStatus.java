package dev.ordersonaxon.query.admin;

/**
 * Where a projection stands. {@code position} is the lowest global index its segments
 * have processed, {@code head} the highest in the event store, {@code progress} their
 * ratio (1.0 when caught up or when the store is empty).
 */
record ProjectionStatus(String name, long position, long head, boolean replaying, double progress) {

	static ProjectionStatus of(String name, long position, long head, boolean replaying) {
		double progress = (head <= 0 || position >= head) ? 1.0 : (double) position / head;
		return new ProjectionStatus(name, position, head, replaying, progress);
	}

}
