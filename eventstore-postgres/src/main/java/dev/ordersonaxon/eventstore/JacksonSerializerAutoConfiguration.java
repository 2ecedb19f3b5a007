package dev.ordersonaxon.eventstore;

import org.axonframework.serialization.ChainingConverter;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Where Axon is set to serialize with Jackson ({@code axon.serializer.general: jackson}),
 * its general serializer (which the event and message serializers are when they are set
 * to Jackson too) is a {@link CachingJacksonSerializer}, built as Axon builds its own:
 * the application's object mapper and revision resolver, a chaining converter on the
 * application's class loader. Axon then builds none.
 */
@AutoConfiguration(before = AxonAutoConfiguration.class)
@ConditionalOnClass(ObjectMapper.class)
@ConditionalOnProperty(name = "axon.serializer.general", havingValue = "jackson")
public class JacksonSerializerAutoConfiguration {

	@Bean
	@Primary
	Serializer serializer(ObjectMapper objectMapper, RevisionResolver revisionResolver, ApplicationContext context) {
		return new CachingJacksonSerializer(JacksonSerializer.builder()
			.objectMapper(objectMapper)
			.revisionResolver(revisionResolver)
			.converter(new ChainingConverter(context.getClassLoader())));
	}

}
