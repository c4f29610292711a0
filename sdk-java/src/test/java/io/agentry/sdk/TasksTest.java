package io.agentry.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentry.sdk.core.RequestOptions;
import io.agentry.sdk.core.StreamResponse;
import io.agentry.sdk.errors.ConflictException;
import io.agentry.sdk.tasks.Task;
import io.agentry.sdk.tasks.TaskCreateParams;
import io.agentry.sdk.tasks.TaskEvent;
import io.agentry.sdk.tasks.TaskListParams;
import io.agentry.sdk.tasks.TaskPriority;
import io.agentry.sdk.tasks.TaskStatus;
import io.agentry.sdk.tasks.TaskUpdateParams;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Tasks: the wire shape both ways, filtered auto-pagination, the actions, and the typed event stream with resumption. */
class TasksTest extends WireMockSupport {

    private static final UUID TASK_ID = UUID.fromString("7a1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b1");
    private static final UUID AGENT_ID = UUID.fromString("6f1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b9");

    static final String TASK = """
            {"id": "%s", "workspace_id": "0f1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b9", "title": "Review PR #42",
             "description": "Look at the auth changes", "priority": "high", "status": "dispatched",
             "assigned_agent_id": "%s", "assigned_team_id": null, "result": null, "error": null,
             "metadata": {"pr": 42}, "prompt_tokens": 120, "completion_tokens": 30, "tokens_total": 150,
             "cost_usd": 0.000345, "attempts": 1, "created_by": null,
             "created_at": "2026-11-23T10:00:00.123456Z", "updated_at": "2026-11-23T10:00:01Z",
             "started_at": null, "completed_at": null}""".formatted(TASK_ID, AGENT_ID);

    private static String task(String title, String status) {
        return TASK.replace("\"Review PR #42\"", "\"" + title + "\"").replace("\"status\": \"dispatched\"", "\"status\": \"" + status + "\"");
    }

    @Test
    void createSendsTheSnakeCaseBodyAndReadsTheTask() {
        server.stubFor(post(urlEqualTo("/api/v1/tasks")).willReturn(aResponse().withStatus(201).withBody(envelope(TASK))));
        Task task = client.tasks().create(TaskCreateParams.builder().title("Review PR #42").description("Look at the auth changes")
                .priority(TaskPriority.HIGH).assignedAgentId(AGENT_ID).metadata(Map.of("pr", 42)).build());
        assertEquals(TASK_ID, task.id());
        assertEquals(TaskStatus.DISPATCHED, task.status());
        assertEquals(TaskPriority.HIGH, task.priority());
        assertEquals(AGENT_ID, task.assignedAgentId());
        assertNull(task.assignedTeamId());
        assertEquals(42, task.metadata().path("pr").asInt());
        assertEquals(150, task.tokensTotal());
        assertEquals(0, new BigDecimal("0.000345").compareTo(task.costUsd()), task.costUsd().toPlainString());
        assertEquals(OffsetDateTime.parse("2026-11-23T10:00:00.123456Z"), task.createdAt());
        assertNull(task.completedAt());
        server.verify(postRequestedFor(urlEqualTo("/api/v1/tasks"))
                .withHeader("Idempotency-Key", containing("sdk-"))
                .withRequestBody(equalToJson("{\"title\": \"Review PR #42\", \"description\": \"Look at the auth changes\","
                        + " \"priority\": \"high\", \"assigned_agent_id\": \"" + AGENT_ID + "\", \"metadata\": {\"pr\": 42}}")));
    }

    @Test
    void aTitleIsRequiredAndUnknownIsNotAValueToSend() {
        assertThrows(IllegalStateException.class, () -> TaskCreateParams.builder().description("no title").build());
        assertThrows(IllegalArgumentException.class, () -> TaskCreateParams.builder().priority(TaskPriority.UNKNOWN));
        assertThrows(IllegalArgumentException.class, () -> TaskListParams.builder().status(TaskStatus.UNKNOWN));
    }

    @Test
    void unknownStatusesAndPrioritiesFromANewerServerAreTolerated() {
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody(envelope(
                TASK.replace("\"priority\": \"high\"", "\"priority\": \"whenever\", \"team_run_id\": null")
                        .replace("\"status\": \"dispatched\"", "\"status\": \"awaiting_approval\"")))));
        Task task = client.tasks().retrieve(TASK_ID);
        assertEquals(TaskStatus.UNKNOWN, task.status());
        assertEquals(TaskPriority.UNKNOWN, task.priority());
        assertEquals("Review PR #42", task.title());
        server.verify(getRequestedFor(urlEqualTo("/api/v1/tasks/" + TASK_ID)));
    }

    @Test
    void theAutoPagerWalksEveryPageKeepingTheFilters() {
        stubPage(null, "c.2", "t1", "t2");
        stubPage("c.2", null, "t3");
        TaskListParams params = TaskListParams.builder().status(TaskStatus.COMPLETED).priority(TaskPriority.URGENT)
                .assignedAgentId(AGENT_ID).limit(2).build();
        List<String> titles = new ArrayList<>();
        for (Task t : client.tasks().list(params).autoPager()) {
            titles.add(t.title());
            assertEquals(TaskStatus.COMPLETED, t.status());
        }
        assertEquals(List.of("t1", "t2", "t3"), titles);
        server.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/tasks"))
                .withQueryParam("status", equalTo("completed"))
                .withQueryParam("priority", equalTo("urgent"))
                .withQueryParam("assigned_agent_id", equalTo(AGENT_ID.toString()))
                .withQueryParam("limit", equalTo("2")));
        server.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/tasks")).withQueryParam("cursor", equalTo("c.2")));
        assertEquals(2, server.getAllServeEvents().size());
    }

    private void stubPage(String cursor, String next, String... titles) {
        List<String> items = new ArrayList<>();
        for (String title : titles) {
            items.add(task(title, "completed"));
        }
        String data = "{\"items\": [" + String.join(",", items) + "], \"next_cursor\": " + (next == null ? "null" : "\"" + next + "\"")
                + ", \"has_more\": " + (next != null) + "}";
        server.stubFor(get(urlPathEqualTo("/api/v1/tasks"))
                .withQueryParam("cursor", cursor == null ? absent() : equalTo(cursor))
                .withQueryParam("status", equalTo("completed"))
                .withQueryParam("priority", equalTo("urgent"))
                .withQueryParam("assigned_agent_id", equalTo(AGENT_ID.toString()))
                .willReturn(aResponse().withStatus(200).withBody(envelope(data))));
    }

    @Test
    void cancelAndRetryArePostsToTheirActions() {
        server.stubFor(post(urlEqualTo("/api/v1/tasks/" + TASK_ID + "/cancel"))
                .willReturn(aResponse().withStatus(200).withBody(envelope(task("Review PR #42", "cancelled")))));
        server.stubFor(post(urlEqualTo("/api/v1/tasks/" + TASK_ID + "/retry"))
                .willReturn(aResponse().withStatus(200).withBody(envelope(task("Review PR #42", "dispatched")))));
        assertEquals(TaskStatus.CANCELLED, client.tasks().cancel(TASK_ID).status());
        assertEquals(TaskStatus.DISPATCHED, client.tasks().retry(TASK_ID).status());
        server.verify(1, postRequestedFor(urlEqualTo("/api/v1/tasks/" + TASK_ID + "/cancel")).withHeader("Idempotency-Key", containing("sdk-")));
        server.verify(1, postRequestedFor(urlEqualTo("/api/v1/tasks/" + TASK_ID + "/retry")));
    }

    @Test
    void cancellingAnEndedTaskIsAConflict() {
        server.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(409)
                .withBody("{\"error\": {\"code\": \"conflict\", \"message\": \"the task is already completed\"}}")));
        ConflictException e = assertThrows(ConflictException.class,
                () -> client.tasks().cancel(TASK_ID, RequestOptions.builder().maxRetries(0).build()));
        assertEquals("the task is already completed", e.errorMessage());
    }

    @Test
    void anUpdateSendsOnlyWhatWasSetAndCanCancel() {
        server.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(200).withBody(envelope(task("Review PR #42", "cancelled")))));
        client.tasks().update(TASK_ID, TaskUpdateParams.builder().description(null).assignedAgentId(null).cancel().build());
        server.verify(patchRequestedFor(urlEqualTo("/api/v1/tasks/" + TASK_ID)).withRequestBody(
                equalToJson("{\"description\": null, \"assigned_agent_id\": null, \"status\": \"cancelled\"}")));
        server.stubFor(delete(anyUrl()).willReturn(aResponse().withStatus(204)));
        client.tasks().delete(TASK_ID);
        server.verify(deleteRequestedFor(urlEqualTo("/api/v1/tasks/" + TASK_ID)));
    }

    private static final String EVENTS = """
            id: 11
            event: status
            data: {"status": "dispatched", "error": null, "attempts": 0, "result": null, "at": "2026-11-23T10:00:00Z"}

            id: 12
            event: status
            data: {"status": "running", "error": null, "attempts": 1, "result": null, "at": "2026-11-23T10:00:01Z"}

            : keep-alive

            id: 13
            event: tool_call
            data: {"id": "call_1", "name": "search_knowledge_base", "arguments": {"query": "auth"}}

            id: 14
            event: tool_result
            data: {"id": "call_1", "name": "search_knowledge_base", "citations": [{"base_id": "%1$s", "item_id": "%2$s", "title": "Auth guide", "score": 0.87}]}

            id: 15
            event: delta
            data: {"text": "Looks "}

            id: 16
            event: progress
            data: {"percent": 50}

            id: 17
            event: delta
            data: {"text": "good."}

            id: 18
            event: done
            data: {"status": "completed", "error": null, "attempts": 1, "result": "Looks good.", "at": "2026-11-23T10:00:03Z"}

            """.formatted(AGENT_ID, TASK_ID);

    private void serveEvents(String body) {
        server.stubFor(get(urlEqualTo("/api/v1/tasks/" + TASK_ID + "/events")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(body)));
    }

    @Test
    void theEventStreamArrivesTypedWithItsEventIds() {
        serveEvents(EVENTS);
        List<TaskEvent> events = new ArrayList<>();
        try (StreamResponse<TaskEvent> stream = client.tasks().events(TASK_ID)) {
            stream.forEach(events::add);
        }
        assertEquals(8, events.size(), events.toString());
        assertEquals(List.of("11", "12", "13", "14", "15", "16", "17", "18"), events.stream().map(TaskEvent::eventId).toList());

        TaskEvent.Status dispatched = assertInstanceOf(TaskEvent.Status.class, events.get(0));
        assertEquals(TaskStatus.DISPATCHED, dispatched.status());
        assertEquals(0, dispatched.attempts());
        TaskEvent.Status running = assertInstanceOf(TaskEvent.Status.class, events.get(1));
        assertEquals(TaskStatus.RUNNING, running.status());
        assertEquals(OffsetDateTime.parse("2026-11-23T10:00:01Z"), running.at());

        TaskEvent.ToolCallStarted call = assertInstanceOf(TaskEvent.ToolCallStarted.class, events.get(2));
        assertEquals("call_1", call.id(), "the call's own id, not the event's");
        assertEquals("auth", call.arguments().path("query").asText());
        TaskEvent.ToolResult result = assertInstanceOf(TaskEvent.ToolResult.class, events.get(3));
        assertEquals("Auth guide", result.citations().get(0).title());
        assertEquals(TASK_ID, result.citations().get(0).itemId());

        assertEquals("Looks ", assertInstanceOf(TaskEvent.Delta.class, events.get(4)).text());
        TaskEvent.Unknown unknown = assertInstanceOf(TaskEvent.Unknown.class, events.get(5));
        assertEquals("progress", unknown.name());
        assertEquals("{\"percent\": 50}", unknown.data());
        assertEquals("good.", assertInstanceOf(TaskEvent.Delta.class, events.get(6)).text());

        TaskEvent.Done done = assertInstanceOf(TaskEvent.Done.class, events.get(7));
        assertEquals(TaskStatus.COMPLETED, done.status());
        assertEquals("Looks good.", done.result());
        assertTrue(done.status().isFinal());

        server.verify(getRequestedFor(urlEqualTo("/api/v1/tasks/" + TASK_ID + "/events"))
                .withHeader("Accept", equalTo("text/event-stream"))
                .withoutHeader("Last-Event-ID"));
    }

    @Test
    void resumingSendsTheLastEventId() {
        serveEvents("""
                id: 18
                event: done
                data: {"status": "failed", "error": "the provider refused", "attempts": 3, "result": null, "at": "2026-11-23T10:00:03Z"}

                """);
        List<TaskEvent> events = new ArrayList<>();
        try (StreamResponse<TaskEvent> stream = client.tasks().events(TASK_ID, "17")) {
            stream.forEach(events::add);
        }
        TaskEvent.Done done = assertInstanceOf(TaskEvent.Done.class, events.get(0));
        assertEquals(TaskStatus.FAILED, done.status());
        assertEquals("the provider refused", done.error());
        assertEquals("18", done.eventId());
        server.verify(getRequestedFor(urlEqualTo("/api/v1/tasks/" + TASK_ID + "/events")).withHeader("Last-Event-ID", equalTo("17")));
    }

    @Test
    void resumingKeepsTheCallersOwnOptions() {
        serveEvents(EVENTS);
        RequestOptions options = RequestOptions.builder().header("X-Trace", "t-1").build();
        try (StreamResponse<TaskEvent> stream = client.tasks().events(TASK_ID, "12", options)) {
            assertEquals("11", stream.iterator().next().eventId());
        }
        server.verify(getRequestedFor(urlEqualTo("/api/v1/tasks/" + TASK_ID + "/events"))
                .withHeader("Last-Event-ID", equalTo("12")).withHeader("X-Trace", equalTo("t-1")));
    }
}
