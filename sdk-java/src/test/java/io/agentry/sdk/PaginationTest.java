package io.agentry.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentry.sdk.agents.Agent;
import io.agentry.sdk.agents.AgentListParams;
import io.agentry.sdk.agents.AgentStatus;
import io.agentry.sdk.core.Page;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PaginationTest extends WireMockSupport {

    /** Three pages of two agents (a1..a6), the last one saying there is no more. */
    @BeforeEach
    void threePages() {
        stubPage(null, "c1.two", "a1", "a2");
        stubPage("c1.two", "c1.three", "a3", "a4");
        stubPage("c1.three", null, "a5", "a6");
    }

    private void stubPage(String cursor, String next, String... names) {
        List<String> agents = new ArrayList<>();
        for (String name : names) {
            agents.add(AGENT.replace("\"Reviewer\"", "\"" + name + "\""));
        }
        String data = "{\"items\": [" + String.join(",", agents) + "], \"next_cursor\": " + (next == null ? "null" : "\"" + next + "\"")
                + ", \"has_more\": " + (next != null) + "}";
        server.stubFor(get(urlPathEqualTo("/api/v1/agents"))
                .withQueryParam("cursor", cursor == null ? absent() : equalTo(cursor))
                .withQueryParam("status", equalTo("idle"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(envelope(data))));
    }

    private Page<Agent> firstPage() {
        return client.agents().list(AgentListParams.builder().status(AgentStatus.IDLE).limit(2).build());
    }

    @Test
    void pagesFollowTheCursorAndKeepTheFilters() {
        Page<Agent> page = firstPage();
        assertEquals(List.of("a1", "a2"), names(page.items()));
        assertTrue(page.hasNextPage());
        Page<Agent> second = page.nextPage();
        assertEquals(List.of("a3", "a4"), names(second.items()));
        Page<Agent> third = second.nextPage();
        assertEquals(List.of("a5", "a6"), names(third.items()));
        assertFalse(third.hasNextPage());
        assertTrue(third.nextCursor().isEmpty());
        assertThrows(NoSuchElementException.class, third::nextPage);
        server.verify(3, getRequestedFor(urlPathEqualTo("/api/v1/agents")).withQueryParam("limit", equalTo("2"))
                .withQueryParam("status", equalTo("idle")));
    }

    @Test
    void theAutoPagerFetchesAPageOnlyWhenTheLastOneIsUsedUp() {
        Iterator<Agent> all = firstPage().autoPager().iterator();
        assertEquals(1, requests());
        assertEquals("a1", all.next().name());
        assertEquals("a2", all.next().name());
        assertEquals(1, requests(), "the second page is not fetched before it is needed");
        assertTrue(all.hasNext());
        assertEquals(2, requests());
        List<String> rest = new ArrayList<>();
        all.forEachRemaining(a -> rest.add(a.name()));
        assertEquals(List.of("a3", "a4", "a5", "a6"), rest);
        assertEquals(3, requests());
        assertFalse(all.hasNext());
        assertEquals(3, requests(), "no request after the last page");
    }

    @Test
    void aStreamThatStopsEarlyReadsNoFurtherPage() {
        assertEquals(List.of("a1"), firstPage().autoPager().stream().limit(1).map(Agent::name).toList());
        assertEquals(1, requests());
        assertEquals(List.of("a1", "a2", "a3", "a4", "a5", "a6"), firstPage().autoPager().stream().map(Agent::name).toList());
        assertEquals(1 + 3, requests());
    }

    @Test
    void anEmptyListHasNoItemsAndNoNextPage() {
        server.resetAll();
        server.stubFor(get(urlPathEqualTo("/api/v1/agents")).willReturn(aResponse().withStatus(200)
                .withBody(envelope("{\"items\": [], \"next_cursor\": null, \"has_more\": false}"))));
        Page<Agent> page = client.agents().list();
        assertTrue(page.items().isEmpty());
        assertFalse(page.autoPager().iterator().hasNext());
    }

    private int requests() {
        return server.getAllServeEvents().size();
    }

    private static List<String> names(List<Agent> agents) {
        return agents.stream().map(Agent::name).toList();
    }
}
