package dev.ordersonaxon.command.infrastructure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often and how patiently a command that lost a race on its aggregate (another node
 * appended first) is tried again.
 */
@ConfigurationProperties("orders.command.retry")
record CommandRetryProperties(@DefaultValue("10") int maxRetries, @DefaultValue("10ms") Duration initialBackoff,
		@DefaultValue("500ms") Duration maxBackoff) {

}
