package dev.ordersonaxon.eventstore;

import java.time.Instant;

import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

class CachingJacksonSerializerTest {

	private final CachingJacksonSerializer serializer = new CachingJacksonSerializer(
			JacksonSerializer.builder().objectMapper(new ObjectMapper()));

	@Test
	void resolvesAndDeserializesAsAxonsDoes() {
		SerializedObject<byte[]> serialized = this.serializer.serialize(new Stamp("a", Instant.EPOCH), byte[].class);

		assertThat(this.serializer.classForType(serialized.getType())).isEqualTo(Stamp.class);
		assertThat(this.serializer.classForType(serialized.getType())).isEqualTo(Stamp.class);
		assertThat((Object) this.serializer.deserialize(serialized)).isEqualTo(new Stamp("a", Instant.EPOCH));
		assertThat(this.serializer.classForType(SimpleSerializedType.emptyType())).isEqualTo(Void.class);
	}

	@Test
	void aNameOfNoClassStaysUnknown() {
		SimpleSerializedType missing = new SimpleSerializedType("dev.ordersonaxon.NoSuchEvent", null);

		assertThat(this.serializer.classForType(missing)).isEqualTo(UnknownSerializedType.class);
		assertThat(this.serializer.classForType(missing)).isEqualTo(UnknownSerializedType.class);
		Object read = this.serializer.deserialize(new SimpleSerializedObject<>("{}".getBytes(), byte[].class, missing));
		assertThat(read).isInstanceOf(UnknownSerializedType.class);
	}

	record Stamp(String id, Instant at) {

	}

}
