package dev.ordersonaxon.eventstore;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.axonframework.springboot.autoconfig.NoOpTransactionAutoConfiguration;
import org.axonframework.springboot.autoconfig.TransactionAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Binds Axon's units of work to Spring's transaction manager. Axon 4.13 orders its own
 * binding after Boot 3's auto-configuration classes; under Boot 4 those names are gone,
 * so whether Spring's transaction manager exists by then is luck, and the fallback is a
 * no-op manager: event store, tokens, sagas and projections would no longer commit
 * together.
 */
@AutoConfiguration(
		afterName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
				"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration" },
		before = { TransactionAutoConfiguration.class, NoOpTransactionAutoConfiguration.class })
public class SpringTransactionsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(TransactionManager.class)
	@ConditionalOnBean(PlatformTransactionManager.class)
	SpringTransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
		return new SpringTransactionManager(transactionManager);
	}

}
