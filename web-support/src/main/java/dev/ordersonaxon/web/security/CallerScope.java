package dev.ordersonaxon.web.security;

import java.util.Optional;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Which customers the current request may act for. A token with a role that reaches every
 * customer for the request (a clerk placing an order, a viewer reading one) is confined
 * to none; a {@code customer} token is confined to the customer its customer id claim
 * names. The web layer answers what lies outside a confinement as if it did not exist
 * (404), so that one customer cannot probe for another's ids.
 */
public final class CallerScope {

	private final String customerClaim;

	public CallerScope(String customerClaim) {
		this.customerClaim = customerClaim;
	}

	/**
	 * The customer id the current request is confined to, or empty when its token has
	 * {@code unconfined}, a role that reaches every customer.
	 * @throws AccessDeniedException when the token has neither that role nor a customer
	 * id (the access rules let only such tokens through, so this is a rule missing)
	 */
	public Optional<String> confinement(Role unconfined) {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		if (caller == null) {
			throw new AccessDeniedException("no caller");
		}
		if (has(caller, unconfined)) {
			return Optional.empty();
		}
		if (has(caller, Role.CUSTOMER) && caller instanceof JwtAuthenticationToken jwt) {
			String customerId = jwt.getToken().getClaimAsString(this.customerClaim);
			if (customerId != null && !customerId.isBlank()) {
				return Optional.of(customerId);
			}
		}
		throw new AccessDeniedException("neither " + unconfined.id() + " nor a customer");
	}

	/** Whether the current request may act for this customer. */
	public boolean reaches(Role unconfined, String customerId) {
		return confinement(unconfined).map((own) -> own.equals(customerId)).orElse(true);
	}

	private static boolean has(Authentication caller, Role role) {
		for (GrantedAuthority authority : caller.getAuthorities()) {
			if (role.authority().equals(authority.getAuthority())) {
				return true;
			}
		}
		return false;
	}

}
