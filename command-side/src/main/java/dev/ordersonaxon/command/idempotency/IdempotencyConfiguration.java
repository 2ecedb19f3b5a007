package dev.ordersonaxon.command.idempotency;

import java.time.Clock;

import javax.sql.DataSource;

import dev.ordersonaxon.eventstore.Databases;
import org.axonframework.commandhandling.CommandBus;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The stored answers, the interceptor that consults them on the command bus, and their
 * sweeper.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdempotencySettings.class)
class IdempotencyConfiguration {

	@Bean
	IdempotencyStore idempotencyStore(DataSource dataSource) {
		return new IdempotencyStore(new JdbcTemplate(dataSource), Databases.isPostgres(dataSource));
	}

	/**
	 * Registered here, on the command bus only: as a bean of its own type Axon's
	 * auto-configuration would register it as well, once more.
	 */
	@Bean
	InitializingBean idempotencyInterceptorRegistration(CommandBus commandBus, IdempotencyStore store,
			IdempotencySettings settings) {
		IdempotencyInterceptor interceptor = new IdempotencyInterceptor(store, settings.ttl(), Clock.systemUTC());
		return () -> commandBus.registerHandlerInterceptor(interceptor);
	}

	@Bean
	IdempotencySweeper idempotencySweeper(IdempotencyStore store, IdempotencySettings settings) {
		return new IdempotencySweeper(store, settings, Clock.systemUTC());
	}

}
