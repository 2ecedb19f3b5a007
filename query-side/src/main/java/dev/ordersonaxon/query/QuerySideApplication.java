package dev.ordersonaxon.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The read side: projections that tail the event store, the read models they keep, and
 * the query API that serves them.
 */
@SpringBootApplication
@EnableScheduling
@ConfigurationPropertiesScan
public class QuerySideApplication {

	public static void main(String[] args) {
		SpringApplication.run(QuerySideApplication.class, args);
	}

}
