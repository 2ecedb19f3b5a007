package dev.ordersonaxon.api;

/** Why a command was refused; the REST edge maps each code to an HTTP status. */
public enum ErrorCode {

	/** The command breaks a rule of the aggregate's input (maps to 400). */
	INVALID_COMMAND,

	/** The aggregate is in a state that does not allow the command (maps to 409). */
	ILLEGAL_STATE

}
