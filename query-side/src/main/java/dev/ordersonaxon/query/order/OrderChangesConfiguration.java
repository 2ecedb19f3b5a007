package dev.ordersonaxon.query.order;

import dev.ordersonaxon.eventstore.NotificationListener;
import dev.ordersonaxon.eventstore.PostgresEventStoreAutoConfiguration;
import dev.ordersonaxon.query.infrastructure.ViewRebuilds;
import org.axonframework.queryhandling.QueryUpdateEmitter;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Live updates reach subscribers on every query-side node through PostgreSQL
 * notifications; on a database without them (the embedded H2 mode, one node) they are
 * sent locally.
 */
@Configuration(proxyBeanMethods = false)
class OrderChangesConfiguration {

	@Bean
	LocalOrderChanges localOrderChanges(OrderViews views, QueryUpdateEmitter updates) {
		return new LocalOrderChanges(views, updates);
	}

	@Bean
	@Primary
	@ConditionalOnExpression(PostgresEventStoreAutoConfiguration.ON_POSTGRES)
	PostgresOrderChanges postgresOrderChanges(LocalOrderChanges local, JdbcTemplate jdbc, QueryUpdateEmitter updates,
			ViewRebuilds rebuilds) {
		PostgresOrderChanges changes = new PostgresOrderChanges(local, jdbc, updates);
		rebuilds.tableOf(OrderProjection.PROCESSING_GROUP).onSwap(changes::announceEverything);
		return changes;
	}

	@Bean
	@ConditionalOnExpression(PostgresEventStoreAutoConfiguration.ON_POSTGRES)
	NotificationListener orderChangesListener(PostgresOrderChanges changes, Environment environment) {
		return new NotificationListener(PostgresEventStoreAutoConfiguration.connectionFactory(environment),
				PostgresOrderChanges.CHANNEL, changes::received);
	}

}
