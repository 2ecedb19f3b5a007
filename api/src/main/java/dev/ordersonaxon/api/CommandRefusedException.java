package dev.ordersonaxon.api;

import org.axonframework.commandhandling.CommandExecutionException;

/**
 * Thrown by a command handler that refuses an invalid command. The {@link ErrorCode}
 * travels as the exception's details, so it survives even a distributed command bus.
 */
public class CommandRefusedException extends CommandExecutionException {

	public CommandRefusedException(ErrorCode code, String message) {
		super(message, null, code);
	}

	public ErrorCode code() {
		return this.<ErrorCode>getDetails().orElse(ErrorCode.INVALID_COMMAND);
	}

}
