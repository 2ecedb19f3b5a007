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
 * Who may read what: viewers read the views and the events, admins replay views and
 * handle parked events. Anything not named here is denied.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ApiAccess {

	@Bean
	SecurityFilterChain apiFilterChain(HttpSecurity http, ApiSecurity security) throws Exception {
		return security.filterChain(http, (requests) -> requests
			.requestMatchers(HttpMethod.GET, "/api/customers", "/api/customers/*", "/api/products", "/api/products/*",
					"/api/orders", "/api/orders/*", "/api/orders/*/events", "/api/orders/*/updates")
			.hasRole(Role.VIEWER.id())
			.requestMatchers("/api/admin/**")
			.hasRole(Role.ADMIN.id()));
	}

}
