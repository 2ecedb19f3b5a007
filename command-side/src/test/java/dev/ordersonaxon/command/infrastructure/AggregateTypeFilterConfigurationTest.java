package dev.ordersonaxon.command.infrastructure;

import java.util.Set;

import org.axonframework.spring.config.SpringAggregateConfigurer;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The bean definitions as Axon 4.13.0's aggregate lookup leaves them: a prototype per
 * aggregate and a {@link SpringAggregateConfigurer} taking the aggregate's class.
 */
class AggregateTypeFilterConfigurationTest {

	private final DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();

	@Test
	void setsTheFilterOnTheConfigurerOfAnAggregateThatAsksForIt() {
		registerAggregate("filtered", Filtered.class);
		registerAggregate("unfiltered", Unfiltered.class);

		AggregateTypeFilterConfiguration.applyFilterEventsByType(this.beanFactory);

		assertThat(configurer("filtered").getPropertyValues().get("filterEventsByType")).isEqualTo(true);
		assertThat(configurer("unfiltered").getPropertyValues().contains("filterEventsByType")).isFalse();
	}

	@Test
	void refusesToStartWhenAnAggregateAskingForTheFilterHasNoConfigurer() {
		this.beanFactory.registerBeanDefinition("filtered",
				BeanDefinitionBuilder.genericBeanDefinition(Filtered.class).getBeanDefinition());

		assertThatIllegalStateException()
			.isThrownBy(() -> AggregateTypeFilterConfiguration.applyFilterEventsByType(this.beanFactory))
			.withMessageContaining(Filtered.class.getName());
	}

	private void registerAggregate(String name, Class<?> type) {
		this.beanFactory.registerBeanDefinition(name,
				BeanDefinitionBuilder.genericBeanDefinition(type).setScope("prototype").getBeanDefinition());
		this.beanFactory.registerBeanDefinition(name + "$$Registrar",
				BeanDefinitionBuilder.genericBeanDefinition(SpringAggregateConfigurer.class)
					.addConstructorArgValue(type)
					.addConstructorArgValue(Set.of())
					.getBeanDefinition());
	}

	private BeanDefinition configurer(String aggregate) {
		return this.beanFactory.getBeanDefinition(aggregate + "$$Registrar");
	}

	@Aggregate(filterEventsByType = true)
	static class Filtered {

	}

	@Aggregate
	static class Unfiltered {

	}

}
