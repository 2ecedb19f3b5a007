package dev.ordersonaxon.command.infrastructure;

import java.util.ArrayList;
import java.util.List;

import org.axonframework.spring.config.SpringAggregateConfigurer;
import org.axonframework.spring.stereotype.Aggregate;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.ConstructorArgumentValues.ValueHolder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes {@code @Aggregate(filterEventsByType = true)} take effect.
 * <p>
 * Identifiers of customers, products and orders share one namespace in the event store,
 * and Axon loads an aggregate by identifier alone: without the filter, a command naming a
 * product's id as a customer rebuilds a "customer" from the product's events and fails in
 * ways no handler expects (the saga's batch failed on every retry). With it, each
 * repository reads only events (and snapshots) of its own type, so such an id has no
 * events and is unknown: {@code AggregateNotFoundException}, which the saga answers with
 * {@code UNKNOWN_CUSTOMER}/{@code UNKNOWN_PRODUCT} and the REST edge with 404.
 * <p>
 * Axon 4.13.0's Spring aggregate lookup copies the cache, snapshot trigger and the like
 * from the annotation onto the aggregate's {@link SpringAggregateConfigurer}, but not
 * this attribute, so on its own the annotation does nothing. This sets it on the
 * configurer's bean definition, and refuses to start if an aggregate asking for it was
 * not found there (as would happen if a later Axon registered aggregates differently).
 */
@Configuration(proxyBeanMethods = false)
class AggregateTypeFilterConfiguration {

	@Bean
	static BeanFactoryPostProcessor filterEventsByTypeFromAnnotation() {
		return AggregateTypeFilterConfiguration::applyFilterEventsByType;
	}

	static void applyFilterEventsByType(ConfigurableListableBeanFactory beanFactory) {
		List<Class<?>> filtered = new ArrayList<>();
		for (String name : beanFactory.getBeanDefinitionNames()) {
			BeanDefinition definition = beanFactory.getBeanDefinition(name);
			if (!SpringAggregateConfigurer.class.getName().equals(definition.getBeanClassName())) {
				continue;
			}
			ValueHolder argument = definition.getConstructorArgumentValues().getIndexedArgumentValue(0, Class.class);
			if (argument != null && argument.getValue() instanceof Class<?> aggregateType
					&& filtersEventsByType(aggregateType)) {
				definition.getPropertyValues().add("filterEventsByType", true);
				filtered.add(aggregateType);
			}
		}
		for (String name : beanFactory.getBeanNamesForAnnotation(Aggregate.class)) {
			Class<?> aggregateType = beanFactory.getType(name);
			if (aggregateType != null && filtersEventsByType(aggregateType) && !filtered.contains(aggregateType)) {
				throw new IllegalStateException("@Aggregate(filterEventsByType = true) on " + aggregateType.getName()
						+ " could not be applied: no SpringAggregateConfigurer was registered for it");
			}
		}
	}

	private static boolean filtersEventsByType(Class<?> aggregateType) {
		Aggregate aggregate = aggregateType.getAnnotation(Aggregate.class);
		return aggregate != null && aggregate.filterEventsByType();
	}

}
