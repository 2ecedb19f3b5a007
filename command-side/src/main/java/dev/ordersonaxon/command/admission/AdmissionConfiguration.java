package dev.ordersonaxon.command.admission;

import java.sql.SQLException;
import java.time.Clock;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.ordersonaxon.api.order.OrderPlacedEvent;
import dev.ordersonaxon.saga.OrderSaga;
import dev.ordersonaxon.saga.OrderSagaEvents;
import org.axonframework.serialization.Serializer;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The saga's backlog, measured on every command node, and the door it keeps. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdmissionSettings.class)
class AdmissionConfiguration {

	@Bean
	Placements placements() {
		return new Placements();
	}

	@Bean
	SagaBacklog sagaBacklog(DataSource dataSource, @Qualifier("serializer") Serializer serializer,
			AdmissionSettings settings, Placements placements) {
		SagaBacklog.Saga saga = new SagaBacklog.Saga(OrderSaga.PROCESSING_GROUP, OrderSagaEvents.handledTypes(),
				OrderSaga.class.getName(), OrderPlacedEvent.class.getName());
		return new SagaBacklog(SagaBacklog.connectionLike(dataSource), serializer, saga, settings.checkInterval(),
				settings.recheckInterval(), Clock.systemUTC(), placements);
	}

	@Bean
	OrderAdmission orderAdmission(SagaBacklog sagaBacklog, Placements placements, DataSource dataSource,
			AdmissionSettings settings) throws SQLException {
		HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
		return new OrderAdmission(sagaBacklog::current, sagaBacklog::measureSoon, placements, () -> waitingFor(pool),
				settings, Clock.systemUTC());
	}

	private static int waitingFor(HikariDataSource pool) {
		HikariPoolMXBean state = pool.getHikariPoolMXBean();
		// null until the pool has started
		return (state != null) ? state.getThreadsAwaitingConnection() : 0;
	}

}
