package dev.ordersonaxon.saga;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.order.RejectOrderCommand;
import dev.ordersonaxon.api.order.RejectionReason;
import dev.ordersonaxon.eventstore.deadletters.JdbcDeadLetterQueues;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.EventProcessorProperties;
import org.axonframework.springboot.autoconfig.AxonDbSchedulerAutoConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Hosts the order saga in whichever application has this module on its class path: the
 * saga and the approved-order cancellation handler in one processor of several segments,
 * and a persistent db-scheduler deadline manager.
 * <p>
 * Each order belongs to one segment ({@link OrderSegments}); the segments run in
 * parallel, on one node or spread over several. The commands a batch sends run in its
 * transaction and hold their aggregates until it commits, so they are sent as it commits,
 * in one global order of aggregates ({@link SagaCommandBatch}): two segments cannot
 * deadlock. (Sent as the handlers went, they did: measured at 64 orders in flight, 12
 * failed batches in 30 s with two segments, each followed by a second's pause.) With one
 * segment, the events those commands publish are handed back to the saga in the same
 * batch ({@link SagaChain}), so an order is decided in one transaction.
 * <p>
 * Public so that a test slice can import it.
 */
@AutoConfiguration(before = AxonDbSchedulerAutoConfiguration.class,
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(OrderSagaProperties.class)
public class OrderSagaAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(OrderSagaAutoConfiguration.class);

	@Bean
	ConfigurerModule orderSagaConfigurerModule(OrderSagaProperties properties,
			ObjectProvider<EventProcessorProperties> axonProcessorProperties,
			ObjectProvider<SagaDeadLetters> deadLetters, SagaCommandFailures commandFailures,
			ClaimScopedSagaCache sagaCache, ChainedSagaSteps chainedSteps) {
		EventProcessorProperties axonProcessors = axonProcessorProperties.getIfAvailable(EventProcessorProperties::new);
		return (configurer) -> {
			EventProcessingConfigurer processing = configurer.eventProcessing();
			String group = OrderSaga.PROCESSING_GROUP;
			processing.registerSaga(OrderSaga.class, (saga) -> saga.configureSagaStore((config) -> sagaCache
				.store(new PlacedOrders<>(config.eventProcessingConfiguration().sagaStore(), group))));
			processing.registerTokenStore(group,
					(config) -> sagaCache.tokens(config.getComponent(TokenStore.class, InMemoryTokenStore::new)));
			// Axon's default logs and skips a failing event: a saga step or a release
			// would be lost
			processing.registerListenerInvocationErrorHandler(group, (config) -> PropagatingErrorHandler.instance());
			// the interceptors go on the saga's processor only: not beans of their own,
			// which Axon's auto-configuration would put on every processor. First each
			// segment passes over the orders of the others, then the commands of a batch
			// are held back until it commits, then poisoned events are parked.
			processing.registerSequencingPolicy(group, (config) -> OrderSegments.SEQUENCING);
			processing.registerHandlerInterceptor(group,
					(config) -> OrderSegments.interceptor(OrderSegments.segmentOfBatch(config, group)));
			processing.registerHandlerInterceptor(group, (config) -> SagaCommandBatch.interceptor(commandFailures,
					SagaChain.forBatches(config, group, chainedSteps)));
			// how a batch sees the events its commands publish, to hand them back to the
			// saga at once; without it (another monitor configured for the event store)
			// they come by in the stream, a batch later
			configurer.configureMessageMonitor(EventStore.class, (config, type, name) -> eventStoreMonitor());
			deadLetters.ifAvailable(
					(parking) -> processing.registerHandlerInterceptor(group, (config) -> parking.interceptor()));
			if (!axonProcessors.getProcessors().containsKey(group)) {
				registerTrackingProcessor(processing, group, properties);
			}
		};
	}

	/**
	 * The message monitor through which a saga batch sees the events its commands
	 * publish, registered for the event store. Axon keeps one monitor per component type,
	 * the last configured: a deployment that configures its own for the
	 * {@code EventStore} composes the two, e.g.
	 * {@code new MultiMessageMonitor<>(yours, eventStoreMonitor())}; otherwise each saga
	 * step waits for the event stream (a warning says so).
	 */
	public static MessageMonitor<Message<?>> eventStoreMonitor() {
		return SagaCommandBatch.ANSWERS;
	}

	/**
	 * A tracking processor with one thread per segment: woken the moment an event is
	 * committed (a pooled processor's coordinator only looks every half second, which a
	 * saga step would pay on every hop). Each node claims what segments are free, so a
	 * second node takes over when the first stops: it looks for a free segment every
	 * {@code claimInterval} (Axon's default, 5 s, would add up to that to every
	 * take-over). Starts at the head of the stream: the saga cannot be reset, and an old
	 * event must never start a saga or release a reservation again.
	 */
	private static void registerTrackingProcessor(EventProcessingConfigurer processing, String group,
			OrderSagaProperties properties) {
		processing.registerTrackingEventProcessor(group, (config) -> config.eventStore(),
				(config) -> TrackingEventProcessorConfiguration.forParallelProcessing(properties.threads())
					.andInitialSegmentsCount(properties.segments())
					.andBatchSize(properties.batchSize())
					.andTokenClaimInterval(properties.claimInterval().toMillis(), TimeUnit.MILLISECONDS)
					.andInitialTrackingToken(StreamableMessageSource::createHeadToken));
	}

	/**
	 * The saga's first tokens, created before the node takes requests (see
	 * {@link SagaTokenAtHead}), as many as the processor has segments.
	 */
	@Bean
	SagaTokenAtHead orderSagaTokenAtHead(OrderSagaProperties properties,
			ObjectProvider<EventProcessorProperties> axonProcessorProperties, TokenStore tokenStore,
			EventStore eventStore, TransactionManager transactionManager) {
		EventProcessorProperties.ProcessorSettings axonSettings = axonProcessorProperties
			.getIfAvailable(EventProcessorProperties::new)
			.getProcessors()
			.get(OrderSaga.PROCESSING_GROUP);
		int segments = (axonSettings != null && axonSettings.getInitialSegmentCount() != null)
				? axonSettings.getInitialSegmentCount() : properties.segments();
		return new SagaTokenAtHead(OrderSaga.PROCESSING_GROUP, segments, tokenStore, eventStore, transactionManager);
	}

	/**
	 * The sagas of the segments this node holds, kept in memory between batches
	 * ({@code orders.saga.cache-size}, 0 for none).
	 */
	@Bean
	ClaimScopedSagaCache orderSagaCache(OrderSagaProperties properties) {
		return new ClaimScopedSagaCache(OrderSaga.PROCESSING_GROUP, properties.cacheSize());
	}

	/** Exposes the saga cache's size and emptyings where Micrometer is present. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class SagaCacheMetricsConfiguration {

		@Bean
		MeterBinder orderSagaCacheMetrics(ClaimScopedSagaCache orderSagaCache) {
			return new SagaCacheMetrics(orderSagaCache);
		}

	}

	@Bean
	ChainedSagaSteps orderSagaChainedSteps() {
		return new ChainedSagaSteps();
	}

	@Bean
	SagaCommandFailures orderSagaCommandFailures(ObjectProvider<SagaDeadLetters> deadLetters) {
		return new SagaCommandFailures(deadLetters::getIfAvailable);
	}

	@Bean
	ApprovedOrderCancellation approvedOrderCancellation(CommandGateway commandGateway) {
		return new ApprovedOrderCancellation(commandGateway);
	}

	/**
	 * Where the saga parks the events of an order whose handling fails on its own
	 * account; the order is then rejected with {@code PROCESSING_FAILED}.
	 */
	@Bean
	@ConditionalOnBean(ConnectionProvider.class)
	SagaDeadLetters orderSagaDeadLetters(ConnectionProvider connectionProvider, TransactionManager transactionManager,
			DeadLetterSchema deadLetterSchema, Serializer serializer,
			@Qualifier("eventSerializer") Serializer eventSerializer, ObjectProvider<CommandGateway> commandGateway,
			OrderSagaProperties properties, ClaimScopedSagaCache sagaCache) {
		SequencedDeadLetterQueue<EventMessage<?>> queue = JdbcDeadLetterQueues.create(OrderSaga.PROCESSING_GROUP,
				connectionProvider, transactionManager, deadLetterSchema, serializer, eventSerializer);
		// the gateway is looked up when an order is parked: it depends on Axon's
		// configuration, which this bean is part of
		Consumer<String> rejectParkedOrder = (orderId) -> {
			// a parked event may be retried on another node, changing the saga
			sagaCache.clear(ClaimScopedSagaCache.Emptied.PARKED);
			commandGateway.getObject()
				.send(new RejectOrderCommand(new OrderId(orderId), RejectionReason.PROCESSING_FAILED))
				.exceptionally((failure) -> {
					logger.warn("Could not reject order {} whose events were parked: {}", orderId,
							failure.getMessage());
					return null;
				});
		};
		return new SagaDeadLetters(queue, () -> JdbcDeadLetterQueues.sequenceIdentifiers(OrderSaga.PROCESSING_GROUP,
				connectionProvider, deadLetterSchema), rejectParkedOrder, properties.parkAfterFailures());
	}

	/**
	 * Rejects, once the node has started, every order whose events are parked and that
	 * may not have been rejected yet because a node died between parking and rejecting.
	 */
	@Bean
	ApplicationListener<ApplicationReadyEvent> rejectParkedOrdersOnStart(ObjectProvider<SagaDeadLetters> deadLetters) {
		return (ready) -> deadLetters.ifAvailable(SagaDeadLetters::announceParkedOrders);
	}

	/** Fires order timeouts: handed to the scheduler with every other task. */
	@Bean
	OneTimeTask<TimeoutCause> orderTimeoutTask(CommandGateway commandGateway) {
		return ScheduledOrderTimeouts.task(commandGateway, Duration.ofSeconds(30));
	}

	/**
	 * Writes order timeouts to the scheduler's table
	 * ({@code orders.saga.deadlines.table-name}) for the scheduler to run.
	 */
	@Bean
	@ConditionalOnBean(Scheduler.class)
	OrderTimeouts orderTimeouts(DataSource dataSource, OrderSagaProperties properties) {
		return new ScheduledOrderTimeouts(dataSource, properties.deadlines().tableName());
	}

	/**
	 * The db-scheduler instance behind Axon's DbSchedulerDeadlineManager, which
	 * {@link AxonDbSchedulerAutoConfiguration} builds as soon as a {@link Scheduler} bean
	 * exists, together with the tasks the scheduler runs.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(DataSource.class)
	@ConditionalOnMissingBean(Scheduler.class)
	static class DeadlineSchedulerConfiguration {

		@Bean
		Scheduler orderSagaDeadlineScheduler(DataSource dataSource, List<Task<?>> tasks,
				OrderSagaProperties properties) {
			OrderSagaProperties.Deadlines deadlines = properties.deadlines();
			// transaction-aware: a deadline is scheduled or cancelled in the saga's
			// transaction. Heartbeats every few seconds: an execution whose node was
			// killed is revived by another node once its heartbeats stop (db-scheduler's
			// default of 5 minutes left such deadlines waiting for half an hour).
			return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), tasks)
				.tableName(deadlines.tableName())
				.serializer(ScheduledOrderTimeouts.SERIALIZER)
				.pollingInterval(deadlines.pollingInterval())
				.heartbeatInterval(deadlines.heartbeatInterval())
				.missedHeartbeatsLimit(deadlines.missedHeartbeats())
				.threads(deadlines.threads())
				.shutdownMaxWait(Duration.ofSeconds(10))
				.build();
		}

		@Bean
		DeadlineSchedulerLifecycle orderSagaDeadlineSchedulerLifecycle(Scheduler orderSagaDeadlineScheduler) {
			return new DeadlineSchedulerLifecycle(orderSagaDeadlineScheduler);
		}

	}

	/**
	 * Starts the scheduler after Axon has started and stops it before Axon stops, so a
	 * deadline never fires into a half-started application.
	 */
	static final class DeadlineSchedulerLifecycle implements SmartLifecycle {

		private final Scheduler scheduler;

		private volatile boolean running;

		DeadlineSchedulerLifecycle(Scheduler scheduler) {
			this.scheduler = scheduler;
		}

		@Override
		public void start() {
			this.scheduler.start();
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
			this.scheduler.stop();
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return SmartLifecycle.DEFAULT_PHASE;
		}

	}

}
