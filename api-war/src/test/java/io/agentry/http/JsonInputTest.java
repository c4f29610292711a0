package io.agentry.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonInputTest {

    private static JsonInput read(String json) {
        return JsonInput.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static ApiException refused(String json) {
        return assertThrows(ApiException.class, () -> read(json), json);
    }

    @Test
    void malformedBodiesAreBadRequests() {
        for (String bad : List.of("", "   ", "{", "[]", "42", "\"x\"", "{\"a\":1} {\"b\":2}", "{\"a\":1}}",
                "{\"a\": tru}", "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}")) {
            ApiException e = refused(bad);
            assertEquals(400, e.status(), bad);
            assertEquals("bad_request", e.code());
        }
    }

    @Test
    void typedAccessorsNameTheField() {
        JsonInput input = read("{\"t\": \"hot\", \"n\": 3.5, \"b\": \"yes\", \"l\": [1], \"s\": 5}");
        assertEquals("t", assertThrows(ApiException.class, () -> input.number("t", 0, 2)).field());
        assertEquals("n", assertThrows(ApiException.class, () -> input.integer("n", 0, 10)).field());
        assertEquals("n", assertThrows(ApiException.class, () -> input.number("n", 0, 2)).field());
        assertEquals("b", assertThrows(ApiException.class, () -> input.bool("b")).field());
        assertEquals("l[0]", assertThrows(ApiException.class, () -> input.textList("l", 5, 10, null, null)).field());
        assertEquals("s", assertThrows(ApiException.class, () -> input.text("s", 10)).field());
    }

    @Test
    void absentNullAndPresentAreToldApart() {
        JsonInput input = read("{\"a\": null, \"b\": \"  x \"}");
        assertTrue(input.has("a"));
        assertFalse(input.has("c"));
        assertNull(input.text("a", 10));
        assertEquals("x", input.requiredText("b", 10));
        assertEquals("a", assertThrows(ApiException.class, () -> input.rejectNull("a")).field());
        assertEquals("c", assertThrows(ApiException.class, () -> input.requiredText("c", 10)).field());
    }

    @Test
    void unknownFieldsAreRefusedByName() {
        JsonInput input = read("{\"name\": \"x\", \"temprature\": 1}");
        ApiException e = assertThrows(ApiException.class, () -> input.allowOnly(Set.of("name", "temperature")));
        assertEquals("temprature", e.field());
    }

    @Test
    void enumsListTheAllowedValues() {
        ApiException e = assertThrows(ApiException.class,
                () -> read("{\"plan\": \"gold\"}").enumValue("plan", io.agentry.organizations.Plan.class));
        assertTrue(e.getMessage().contains("free, pro, team, enterprise"), e.getMessage());
    }
}
