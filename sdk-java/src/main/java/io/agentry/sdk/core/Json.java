package io.agentry.sdk.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.agentry.sdk.errors.AgentryException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The SDK's JSON settings. Models are read leniently so that an older SDK keeps working against
 * a newer server: unknown fields are ignored and unknown enum values become {@code UNKNOWN}.
 */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private Json() {
    }

    /** An enum's wire value (its {@code @JsonProperty} name), whatever the default locale; null stays null. */
    public static String wire(Enum<?> value) {
        return value == null ? null : MAPPER.convertValue(value, String.class);
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request body as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static JsonNode read(InputStream in) {
        try {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new AgentryException("the server's response is not valid JSON: " + e.getMessage(), e);
        }
    }

    public static <T> T convert(JsonNode node, JavaType type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (IOException e) {
            throw new AgentryException("cannot read " + type.getRawClass().getSimpleName() + " from the response: " + e.getMessage(), e);
        }
    }

    public static <T> T convert(JsonNode node, Class<T> type) {
        return convert(node, MAPPER.constructType(type));
    }
}
