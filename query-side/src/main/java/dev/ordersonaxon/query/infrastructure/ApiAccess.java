package dev.ordersonaxon.query.infrastructure;

import dev.ordersonaxon.web.security.ApiSecurity;
import dev.ordersonaxon.web.security.Role;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may read what: viewers read the views and the events, customers their own customer,
 * orders and events and the products, admins replay views and handle parked events. An
 * endpoint not named here is denied.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ApiAccess {

	@Bean
	SecurityFilterChain apiFilterChain(HttpSecurity http, ApiSecurity security) throws Exception {
		return security.filterChain(http, (requests) -> requests.requestMatchers(HttpMethod.GET, "/api/customers")
			.hasRole(Role.VIEWER.id())
			// a customer's token reaches its own customer and orders only (the
			// controllers
			// confine it), and the products it can order
			.requestMatchers(HttpMethod.GET, "/api/customers/*", "/api/products", "/api/products/*", "/api/orders",
					"/api/orders/*", "/api/orders/*/events", "/api/orders/*/updates", "/api/orders/updates")
			.hasAnyRole(Role.VIEWER.id(), Role.CUSTOMER.id())
			.requestMatchers(HttpMethod.POST, "/api/orders/updates-cookie")
			.hasAnyRole(Role.VIEWER.id(), Role.CUSTOMER.id())
			.requestMatchers("/api/admin/**")
			.hasRole(Role.ADMIN.id()));
	}

}
