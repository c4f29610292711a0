package io.agentry.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Writes the API's own representations as JSON with Jackson: snake_case names, nulls present,
 * ISO-8601 timestamps. Jackson rather than the server's JSON-B because list responses are the
 * hot path and Jackson serializes them several times faster.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class JacksonWriter implements MessageBodyWriter<JsonBody> {

    /** Renders everything itself: the cache below uses it for what it has not seen yet. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .addModule(new BlackbirdModule()) // generated accessors instead of reflection
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();
    static final RenderCache RENDER_CACHE = new RenderCache();
    /** What responses are written with: as MAPPER, but versioned rows come from the render cache. */
    private static final ObjectWriter WRITER = MAPPER.copy()
            .registerModule(new SimpleModule("render-cache")
                    .addSerializer(RenderCache.Cacheable.class, RENDER_CACHE.serializer(MAPPER.writer())))
            .writer()
            .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET); // the container owns the response stream

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return JsonBody.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(JsonBody value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        WRITER.writeValue(out, value);
    }
}
