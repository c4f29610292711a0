package io.agentry.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentry.agents.AgentView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JacksonWriterTest {

    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-01-15T10:00:00.123456Z");

    private static AgentView agent(UUID id, String name, long version) {
        return new AgentView(id, id, id, name, null, "openai", "gpt-4o-mini", null, 0.3, null, List.of(),
                List.of("code"), List.of(), "idle", true, 0, AT, AT, version);
    }

    private static JsonNode write(JsonBody value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JacksonWriter().writeTo(value, value.getClass(), value.getClass(), null, null, null, out);
        return JacksonWriter.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesTheWireShape() throws IOException {
        JsonNode json = write(agent(UUID.randomUUID(), "Reviewer", 1));
        assertTrue(json.path("is_marketplace").asBoolean());
        assertTrue(json.has("system_prompt") && json.get("system_prompt").isNull(), "nulls are written");
        assertEquals("2026-01-15T10:00:00.123456Z", json.path("created_at").asText());
        assertFalse(json.has("version"), "the row version is internal");
        assertFalse(json.has("marketplace"));
    }

    @Test
    void rendersEachVersionOfARowOnce() throws IOException {
        UUID id = UUID.randomUUID();
        assertEquals("first", write(new RawList(List.of(agent(id, "first", 1)))).get(0).path("name").asText());
        // Same row version: the rendering is reused (a changed row always has a new version).
        assertEquals("first", write(agent(id, "renamed", 1)).path("name").asText());
        assertEquals("renamed", write(agent(id, "renamed", 2)).path("name").asText());
        JsonNode envelope = write(new Envelope(new Page<>(List.of(agent(id, "renamed", 2)), null, false),
                new Meta(2, "req_1", "t")));
        assertEquals("renamed", envelope.path("data").path("items").get(0).path("name").asText());
    }
}
