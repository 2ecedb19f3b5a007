package dev.ordersonaxon.command.web;

import dev.ordersonaxon.web.security.ApiSecurity;
import dev.ordersonaxon.web.security.Role;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may send which command: managers keep the catalogue and the customers' credit,
 * clerks take and cancel orders, customers their own, admins handle what the saga parked.
 * An endpoint not named here is denied.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ApiAccess {

	@Bean
	SecurityFilterChain apiFilterChain(HttpSecurity http, ApiSecurity security) throws Exception {
		return security.filterChain(http,
				(requests) -> requests
					.requestMatchers(HttpMethod.POST, "/api/customers", "/api/products", "/api/products/*/restock")
					.hasRole(Role.MANAGER.id())
					.requestMatchers(HttpMethod.PUT, "/api/customers/*/credit-limit")
					.hasRole(Role.MANAGER.id())
					// a customer's token places and cancels its own customer's orders
					// only
					// (the order controller confines it)
					.requestMatchers(HttpMethod.POST, "/api/orders", "/api/orders/*/cancel")
					.hasAnyRole(Role.CLERK.id(), Role.CUSTOMER.id())
					.requestMatchers("/api/admin/**")
					.hasRole(Role.ADMIN.id()));
	}

}
