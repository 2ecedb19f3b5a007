package dev.ordersonaxon.eventstore;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Refuses to start without the database's credentials. The applications' settings name
 * {@code DATABASE_USER} and {@code DATABASE_PASSWORD} with no default (only the embedded
 * profile and the tests give their own), and Spring Boot would otherwise bind a setting
 * it cannot resolve as its literal text, and fail later, at the first connection, with a
 * message about a role named {@code ${DATABASE_USER}}.
 */
@AutoConfiguration
public class DatabaseCredentialsAutoConfiguration {

	@Bean
	static BeanFactoryPostProcessor databaseCredentialsCheck(Environment environment) {
		return (beanFactory) -> {
			for (String setting : new String[] { "spring.datasource.username", "spring.datasource.password" }) {
				try {
					environment.getProperty(setting);
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalStateException("The database's credentials are not set: give DATABASE_USER and "
							+ "DATABASE_PASSWORD (empty for a server that trusts the connection) in the environment. ("
							+ setting + ": " + ex.getMessage() + ")");
				}
			}
		};
	}

}
