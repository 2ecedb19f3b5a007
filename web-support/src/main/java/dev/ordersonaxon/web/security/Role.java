package dev.ordersonaxon.web.security;

import java.util.Locale;

/**
 * The roles a bearer token grants, each named in the token's roles claim by its
 * {@link #id()}. A token may carry several; none implies another.
 */
public enum Role {

	/** Reads customers, products, orders and their events. */
	VIEWER,

	/** Places and cancels orders. */
	CLERK,

	/** Creates customers and products, changes credit limits, restocks. */
	MANAGER,

	/**
	 * Replays views, handles dead letters, sees processor status and actuator details.
	 */
	ADMIN,

	/** A customer acting for itself: the token names its customer id. */
	CUSTOMER;

	/** The role's name in a token, and in Spring Security's {@code hasRole}. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The Spring Security authority the role becomes. */
	public String authority() {
		return "ROLE_" + id();
	}

}
