package dev.ordersonaxon.command.idempotency;

/**
 * What a request was answered: the status and the JSON body ({@code null} for none). It
 * is what a repeat of the request gets again.
 *
 * @param status the HTTP status
 * @param body the body as JSON text, or {@code null}
 */
public record IdempotentAnswer(int status, String body) {

}
