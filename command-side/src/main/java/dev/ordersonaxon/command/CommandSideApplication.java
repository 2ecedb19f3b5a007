package dev.ordersonaxon.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The write side: aggregates, the command REST API, the event store, and the order saga.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CommandSideApplication {

	public static void main(String[] args) {
		SpringApplication.run(CommandSideApplication.class, args);
	}

}
