package io.agentry.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rendered JSON of representations that say which version of their row they show: a list page
 * re-renders only rows that changed since they were last rendered. Lists are the hot path and
 * rendering was a quarter of their cost. Bounded: cleared when it reaches {@link #MAX_ENTRIES}
 * (old versions are never asked for again, so clearing is how they leave).
 */
public final class RenderCache {

    static final int MAX_ENTRIES = 20_000;

    /** A representation whose rendering is fully determined by {@link #renderKey()}. */
    public interface Cacheable {
        Object renderKey();
    }

    private final Map<Object, String> rendered = new ConcurrentHashMap<>();

    /** Writes a cacheable value through the cache; {@code plain} renders it on a miss. */
    final class Serializer extends StdSerializer<Cacheable> {

        private final ObjectWriter plain;

        Serializer(ObjectWriter plain) {
            super(Cacheable.class);
            this.plain = plain;
        }

        @Override
        public void serialize(Cacheable value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            Object key = value.renderKey();
            String json = rendered.get(key);
            if (json == null) {
                json = plain.writeValueAsString(value);
                if (rendered.size() >= MAX_ENTRIES) {
                    rendered.clear();
                }
                rendered.put(key, json);
            }
            generator.writeRawValue(json);
        }
    }

    Serializer serializer(ObjectWriter plain) {
        return new Serializer(plain);
    }
}
