package io.agentry.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentry.http.ApiException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopesTest {

    @Test
    void writeImpliesReadAndAdminImpliesEverything() {
        assertTrue(Scopes.allows(Set.of("agents:write"), "agents", false));
        assertTrue(Scopes.allows(Set.of("agents:write"), "agents", true));
        assertFalse(Scopes.allows(Set.of("agents:write"), "tasks", false));
        assertTrue(Scopes.allows(Set.of("read"), "tasks", false));
        assertFalse(Scopes.allows(Set.of("read"), "tasks", true));
        assertTrue(Scopes.allows(Set.of("admin"), "tasks", true));
        assertFalse(Scopes.allows(Set.of("system"), "agents", false));
    }

    @Test
    void parseNormalisesAndRefusesUnknownScopes() {
        assertEquals(List.of("agents:read", "write"), Scopes.parse("scopes", List.of("write", "Agents:Read", "write")));
        assertEquals("scopes[1]", assertThrows(ApiException.class,
                () -> Scopes.parse("scopes", List.of("read", "agents:delete"))).field());
        assertEquals("scopes[0]", assertThrows(ApiException.class,
                () -> Scopes.parse("scopes", List.of("widgets:read"))).field());
        assertEquals("scopes", assertThrows(ApiException.class, () -> Scopes.parse("scopes", List.of())).field());
    }
}
