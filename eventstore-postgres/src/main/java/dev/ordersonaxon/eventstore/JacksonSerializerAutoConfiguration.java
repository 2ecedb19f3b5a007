package dev.ordersonaxon.eventstore;

import java.util.Map;

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
 * the object mapper Axon would take (its own, {@code defaultAxonObjectMapper}, if there
 * is one, else the application's first), the revision resolver, a chaining converter on
 * the application's class loader. Axon then builds none.
 */
@AutoConfiguration(before = AxonAutoConfiguration.class)
@ConditionalOnClass(ObjectMapper.class)
@ConditionalOnProperty(name = "axon.serializer.general", havingValue = "jackson")
public class JacksonSerializerAutoConfiguration {

	private static final String AXON_OBJECT_MAPPER = "defaultAxonObjectMapper";

	@Bean
	@Primary
	Serializer serializer(Map<String, ObjectMapper> objectMappers, RevisionResolver revisionResolver,
			ApplicationContext context) {
		// as Axon chooses: its own mapper if there is one, else the first
		ObjectMapper objectMapper = objectMappers.containsKey(AXON_OBJECT_MAPPER)
				? objectMappers.get(AXON_OBJECT_MAPPER) : objectMappers.values().iterator().next();
		return new CachingJacksonSerializer(JacksonSerializer.builder()
			.objectMapper(objectMapper)
			.revisionResolver(revisionResolver)
			.converter(new ChainingConverter(context.getClassLoader())));
	}

}
