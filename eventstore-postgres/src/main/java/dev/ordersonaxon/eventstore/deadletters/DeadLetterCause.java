package dev.ordersonaxon.eventstore.deadletters;

/**
 * Why a message was parked: the exception's class and its (truncated) message.
 *
 * @param type fully qualified class name of the failure
 * @param message its message, at most {@value ParkingPolicy#MAX_MESSAGE_LENGTH}
 * characters
 */
public record DeadLetterCause(String type, String message) {

}
