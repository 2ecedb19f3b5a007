package dev.ordersonaxon.command.infrastructure;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.AxonThreadFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The command gateway used by the REST edge and the saga. Several command-side nodes
 * append to one event store without Axon Server, so a command may lose the race for the
 * next sequence number of its aggregate; the gateway retries it instead of failing.
 */
@Configuration(proxyBeanMethods = false)
class CommandDispatchConfiguration {

	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService commandRetryExecutor() {
		return Executors.newSingleThreadScheduledExecutor(new AxonThreadFactory("command-retry"));
	}

	@Bean
	CommandGateway commandGateway(CommandBus commandBus, ScheduledExecutorService commandRetryExecutor,
			CommandRetryProperties retryProperties, MeterRegistry meters) {
		return DefaultCommandGateway.builder()
			.commandBus(commandBus)
			.retryScheduler(new ConcurrencyRetryScheduler(commandRetryExecutor, retryProperties, meters))
			.build();
	}

}
