/**
 * Admission control: new orders are refused at the door (503 with Retry-After) while the
 * order saga is too far behind to decide them promptly, instead of being accepted and
 * then rejected with {@code TIMEOUT} half a minute later.
 */
package dev.ordersonaxon.command.admission;
