package io.agentry.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentry.sdk.core.RequestOptions;
import io.agentry.sdk.core.StreamResponse;
import io.agentry.sdk.errors.ConflictException;
import io.agentry.sdk.runs.Run;
import io.agentry.sdk.runs.RunEvent;
import io.agentry.sdk.runs.RunListParams;
import io.agentry.sdk.runs.RunMessage;
import io.agentry.sdk.runs.RunStartParams;
import io.agentry.sdk.runs.RunStatus;
import io.agentry.sdk.teams.TeamMode;
import io.agentry.sdk.usage.UsageParams;
import io.agentry.sdk.usage.UsageRecord;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Team runs: the wire shape both ways, filtered auto-pagination, cancel and resume, and the typed event stream with resumption. */
class RunsTest extends WireMockSupport {

    private static final UUID RUN_ID = UUID.fromString("9a1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b1");
    private static final UUID TEAM_ID = UUID.fromString("8a1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b1");
    private static final UUID A = UUID.fromString("6f1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b9");
    private static final UUID B = UUID.fromString("6f1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0ba");

    static final String RUN = """
            {"id": "%s", "workspace_id": "0f1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b9", "team_id": "%s",
             "team_name": "Content Pipeline", "mode": "pipeline", "status": "pending",
             "input_task": "Research AI agent frameworks", "output": null, "error": null, "current_step": 0,
             "total_steps": 2, "pending_output": null, "prompt_tokens": 0, "completion_tokens": 0, "tokens_total": 0,
             "cost_usd": 0, "task_id": null, "created_by": null,
             "created_at": "2026-12-05T10:00:00.123456Z", "updated_at": "2026-12-05T10:00:00.123456Z",
             "started_at": null, "completed_at": null, "messages": []}""".formatted(RUN_ID, TEAM_ID);

    private static String run(String inputTask, String status) {
        return RUN.replace("\"Research AI agent frameworks\"", "\"" + inputTask + "\"")
                .replace("\"status\": \"pending\"", "\"status\": \"" + status + "\"");
    }

    /** A run as a list has it: without its messages. */
    private static String listed(String inputTask) {
        return run(inputTask, "completed").replace(", \"messages\": []", "");
    }

    @Test
    void startSendsTheTeamAndTaskAndReadsTheAcceptedRun() {
        server.stubFor(post(urlEqualTo("/api/v1/runs")).willReturn(aResponse().withStatus(202)
                .withHeader("Location", "/api/v1/runs/" + RUN_ID).withBody(envelope(RUN))));
        Run run = client.runs().start(RunStartParams.builder().teamId(TEAM_ID).inputTask("Research AI agent frameworks").build());
        assertEquals(RUN_ID, run.id());
        assertEquals(TEAM_ID, run.teamId());
        assertEquals("Content Pipeline", run.teamName());
        assertEquals(TeamMode.PIPELINE, run.mode());
        assertEquals(RunStatus.PENDING, run.status());
        assertFalse(run.status().isFinal());
        assertEquals(0, run.currentStep());
        assertEquals(2, run.totalSteps());
        assertNull(run.output());
        assertNull(run.pendingOutput());
        assertEquals(0, BigDecimal.ZERO.compareTo(run.costUsd()));
        assertEquals(OffsetDateTime.parse("2026-12-05T10:00:00.123456Z"), run.createdAt());
        assertNull(run.startedAt());
        assertEquals(List.of(), run.messages());
        server.verify(postRequestedFor(urlEqualTo("/api/v1/runs"))
                .withHeader("Idempotency-Key", containing("sdk-"))
                .withRequestBody(equalToJson("{\"team_id\": \"" + TEAM_ID + "\", \"input_task\": \"Research AI agent frameworks\"}")));
    }

    @Test
    void aTeamAndAnInputTaskAreRequiredAndUnknownIsNotAStatusToFilterBy() {
        assertThrows(IllegalStateException.class, () -> RunStartParams.builder().inputTask("no team").build());
        assertThrows(IllegalStateException.class, () -> RunStartParams.builder().teamId(TEAM_ID).build());
        assertThrows(IllegalArgumentException.class, () -> RunListParams.builder().status(RunStatus.UNKNOWN));
    }

    @Test
    void theAutoPagerWalksEveryPageKeepingTheFilters() {
        stubPage(null, "c.2", "r1", "r2");
        stubPage("c.2", null, "r3");
        RunListParams params = RunListParams.builder().teamId(TEAM_ID).status(RunStatus.COMPLETED).limit(2).build();
        List<String> tasks = new ArrayList<>();
        for (Run r : client.runs().list(params).autoPager()) {
            tasks.add(r.inputTask());
            assertEquals(RunStatus.COMPLETED, r.status());
            assertNull(r.messages(), "lists leave the messages out");
        }
        assertEquals(List.of("r1", "r2", "r3"), tasks);
        server.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/runs"))
                .withQueryParam("team_id", equalTo(TEAM_ID.toString()))
                .withQueryParam("status", equalTo("completed"))
                .withQueryParam("limit", equalTo("2")));
        server.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/runs")).withQueryParam("cursor", equalTo("c.2")));
        assertEquals(2, server.getAllServeEvents().size());
    }

    private void stubPage(String cursor, String next, String... inputTasks) {
        List<String> items = new ArrayList<>();
        for (String task : inputTasks) {
            items.add(listed(task));
        }
        String data = "{\"items\": [" + String.join(",", items) + "], \"next_cursor\": " + (next == null ? "null" : "\"" + next + "\"")
                + ", \"has_more\": " + (next != null) + "}";
        server.stubFor(get(urlPathEqualTo("/api/v1/runs"))
                .withQueryParam("cursor", cursor == null ? absent() : equalTo(cursor))
                .withQueryParam("team_id", equalTo(TEAM_ID.toString()))
                .withQueryParam("status", equalTo("completed"))
                .willReturn(aResponse().withStatus(200).withBody(envelope(data))));
    }

    @Test
    void retrieveReadsTheTranscript() {
        String completed = run("Research AI agent frameworks", "completed")
                .replace("\"output\": null", "\"output\": \"The article\"")
                .replace("\"current_step\": 0", "\"current_step\": 2")
                .replace("\"prompt_tokens\": 0, \"completion_tokens\": 0, \"tokens_total\": 0",
                        "\"prompt_tokens\": 120, \"completion_tokens\": 30, \"tokens_total\": 150")
                .replace("\"cost_usd\": 0,", "\"cost_usd\": 0.000036,")
                .replace("\"messages\": []", """
                        "messages": [
                          {"id": "1a1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b1", "step": null, "step_name": null, "agent_id": null,
                           "agent_name": null, "role": "user", "type": "input", "content": "Research AI agent frameworks",
                           "prompt_tokens": 0, "completion_tokens": 0, "tokens": 0, "cost_usd": 0, "started_at": null,
                           "created_at": "2026-12-05T10:00:00Z"},
                          {"id": "1a1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b2", "step": 0, "step_name": "Research", "agent_id": "%s",
                           "agent_name": "researcher", "role": "step", "type": "output", "content": "Notes",
                           "prompt_tokens": 60, "completion_tokens": 10, "tokens": 70, "cost_usd": 0.000015,
                           "started_at": "2026-12-05T10:00:01Z", "created_at": "2026-12-05T10:00:02Z"},
                          {"id": "1a1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b3", "step": 1, "step_name": null, "agent_id": null,
                           "agent_name": null, "role": "user", "type": "edited", "content": "Better notes",
                           "prompt_tokens": 0, "completion_tokens": 0, "tokens": 0, "cost_usd": 0, "started_at": null,
                           "created_at": "2026-12-05T10:00:03Z"},
                          {"id": "1a1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b4", "step": 1, "step_name": "Write", "agent_id": "%s",
                           "agent_name": "writer", "role": "critic", "type": "rebuttal", "content": "The article",
                           "prompt_tokens": 60, "completion_tokens": 20, "tokens": 80, "cost_usd": 0.000021,
                           "started_at": "2026-12-05T10:00:04Z", "created_at": "2026-12-05T10:00:05Z"}]""".formatted(A, B));
        server.stubFor(get(urlEqualTo("/api/v1/runs/" + RUN_ID)).willReturn(aResponse().withStatus(200).withBody(envelope(completed))));
        Run run = client.runs().retrieve(RUN_ID);
        assertEquals(RunStatus.COMPLETED, run.status());
        assertTrue(run.status().isFinal());
        assertEquals("The article", run.output());
        assertEquals(150, run.tokensTotal());
        assertEquals(0, new BigDecimal("0.000036").compareTo(run.costUsd()), run.costUsd().toPlainString());
        List<RunMessage> messages = run.messages();
        assertEquals(4, messages.size());
        RunMessage input = messages.get(0);
        assertEquals(RunMessage.Role.USER, input.role());
        assertEquals(RunMessage.Type.INPUT, input.type());
        assertNull(input.step());
        RunMessage step = messages.get(1);
        assertEquals(0, step.step());
        assertEquals("Research", step.stepName());
        assertEquals(A, step.agentId());
        assertEquals(RunMessage.Role.STEP, step.role());
        assertEquals(RunMessage.Type.OUTPUT, step.type());
        assertEquals(70, step.tokens());
        assertEquals(0, new BigDecimal("0.000015").compareTo(step.costUsd()));
        assertEquals(OffsetDateTime.parse("2026-12-05T10:00:01Z"), step.startedAt());
        assertEquals(RunMessage.Type.EDITED, messages.get(2).type());
        assertEquals(RunMessage.Role.UNKNOWN, messages.get(3).role(), "a role of a newer server");
        assertEquals(RunMessage.Type.UNKNOWN, messages.get(3).type(), "a type of a newer server");
    }

    @Test
    void cancelAndResumeArePostsToTheirActionsAndResumeSendsOnlyAnEditedOutput() {
        server.stubFor(post(urlEqualTo("/api/v1/runs/" + RUN_ID + "/cancel"))
                .willReturn(aResponse().withStatus(200).withBody(envelope(run("x", "cancelled")))));
        server.stubFor(post(urlEqualTo("/api/v1/runs/" + RUN_ID + "/resume"))
                .willReturn(aResponse().withStatus(200).withBody(envelope(run("x", "running")))));
        assertEquals(RunStatus.CANCELLED, client.runs().cancel(RUN_ID).status());
        server.verify(1, postRequestedFor(urlEqualTo("/api/v1/runs/" + RUN_ID + "/cancel"))
                .withHeader("Idempotency-Key", containing("sdk-")).withHeader("Content-Type", absent()));

        assertEquals(RunStatus.RUNNING, client.runs().resume(RUN_ID).status());
        server.verify(1, postRequestedFor(urlEqualTo("/api/v1/runs/" + RUN_ID + "/resume")).withHeader("Content-Type", absent()));
        assertEquals("", server.findAll(postRequestedFor(urlEqualTo("/api/v1/runs/" + RUN_ID + "/resume"))).get(0).getBodyAsString(),
                "no body: the output as it is");

        assertEquals(RunStatus.RUNNING, client.runs().resume(RUN_ID, "Edited \"notes\"\nline 2").status());
        server.verify(1, postRequestedFor(urlEqualTo("/api/v1/runs/" + RUN_ID + "/resume"))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson("{\"output\": \"Edited \\\"notes\\\"\\nline 2\"}")));

        client.runs().resume(RUN_ID, null, RequestOptions.builder().idempotencyKey("review-1").build());
        server.verify(1, postRequestedFor(urlEqualTo("/api/v1/runs/" + RUN_ID + "/resume"))
                .withHeader("Idempotency-Key", equalTo("review-1")).withHeader("Content-Type", absent()));
    }

    @Test
    void cancellingAnEndedRunOrResumingOneNotPausedIsAConflict() {
        server.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(409)
                .withBody("{\"error\": {\"code\": \"conflict\", \"message\": \"the run is already completed\"}}")));
        RequestOptions once = RequestOptions.builder().maxRetries(0).build();
        ConflictException e = assertThrows(ConflictException.class, () -> client.runs().cancel(RUN_ID, once));
        assertEquals("the run is already completed", e.errorMessage());
        assertEquals("conflict", e.code());
        assertThrows(ConflictException.class, () -> client.runs().resume(RUN_ID, "edited", once));
        assertEquals(2, server.getAllServeEvents().size(), "not retried with maxRetries(0)");
    }

    private static final String EVENTS = """
            id: 21
            event: status
            data: {"status": "pending", "current_step": 0, "error": null, "output": null, "at": "2026-12-05T10:00:00Z"}

            id: 22
            event: step_started
            data: {"step": 0, "step_name": "Research", "agent_id": "%1$s", "attempt": 1}

            : keep-alive

            id: 23
            event: delta
            data: {"step": 0, "step_name": "Research", "text": "No"}

            id: 24
            event: step_finished
            data: {"step": 0, "step_name": "Research", "status": "retrying", "error": "the provider failed", "attempt": 1, "retry_in_ms": 1000}

            id: 25
            event: step_finished
            data: {"step": 0, "step_name": "Research", "status": "completed", "output": "Notes"}

            id: 26
            event: paused
            data: {"step": 0, "step_name": "Research", "output": "Notes"}

            id: 27
            event: delegation
            data: {"round": 0, "agent_id": "%1$s", "agent_name": "lead", "call_id": "call_1", "member": "writer", "member_agent_id": "%2$s", "task": "Write it", "context": "Notes", "expected_output": "An article"}

            id: 28
            event: tool_call
            data: {"round": 0, "call_id": "call_1", "member_agent_id": "%2$s", "id": "t_1", "name": "search_knowledge_base", "arguments": {"query": "agents"}}

            id: 29
            event: tool_result
            data: {"round": 0, "call_id": "call_1", "member_agent_id": "%2$s", "id": "t_1", "name": "search_knowledge_base", "citations": [{"base_id": "%1$s", "item_id": "%2$s", "title": "Agents", "score": 0.9}]}

            id: 30
            event: delegation_result
            data: {"round": 0, "call_id": "call_1", "member": "writer", "agent_id": "%2$s", "status": "completed", "output": "The article"}

            id: 31
            event: turn
            data: {"turn": 2, "agent_id": "%2$s", "agent_name": "writer", "content": "I agree"}

            id: 32
            event: vote
            data: {"turn": 3}

            id: 33
            event: done
            data: {"status": "completed", "current_step": 2, "error": null, "output": "The article", "at": "2026-12-05T10:00:09Z"}

            """.formatted(A, B);

    private void serveEvents(String body) {
        server.stubFor(get(urlEqualTo("/api/v1/runs/" + RUN_ID + "/events")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(body)));
    }

    @Test
    void theEventStreamArrivesTypedWithItsEventIds() {
        serveEvents(EVENTS);
        List<RunEvent> events = new ArrayList<>();
        try (StreamResponse<RunEvent> stream = client.runs().events(RUN_ID)) {
            stream.forEach(events::add);
        }
        assertEquals(13, events.size(), events.toString());
        assertEquals(List.of("21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "32", "33"),
                events.stream().map(RunEvent::eventId).toList());

        RunEvent.Status pending = assertInstanceOf(RunEvent.Status.class, events.get(0));
        assertEquals(RunStatus.PENDING, pending.status());
        assertEquals(OffsetDateTime.parse("2026-12-05T10:00:00Z"), pending.at());

        RunEvent.StepStarted started = assertInstanceOf(RunEvent.StepStarted.class, events.get(1));
        assertEquals(0, started.step());
        assertEquals("Research", started.stepName());
        assertEquals(A, started.agentId());
        assertEquals(1, started.attempt());

        RunEvent.Delta delta = assertInstanceOf(RunEvent.Delta.class, events.get(2));
        assertEquals("No", delta.text());
        assertEquals(0, delta.origin().step());
        assertEquals("Research", delta.origin().stepName());
        assertNull(delta.origin().round());

        RunEvent.StepFinished retrying = assertInstanceOf(RunEvent.StepFinished.class, events.get(3));
        assertEquals(RunEvent.StepOutcome.RETRYING, retrying.status());
        assertEquals("the provider failed", retrying.error());
        assertEquals(1, retrying.attempt());
        assertEquals(1000L, retrying.retryInMs());
        RunEvent.StepFinished completed = assertInstanceOf(RunEvent.StepFinished.class, events.get(4));
        assertEquals(RunEvent.StepOutcome.COMPLETED, completed.status());
        assertEquals("Notes", completed.output());
        assertNull(completed.attempt());

        RunEvent.Paused paused = assertInstanceOf(RunEvent.Paused.class, events.get(5));
        assertEquals("Notes", paused.output());
        assertEquals("Research", paused.stepName());

        RunEvent.Delegation delegation = assertInstanceOf(RunEvent.Delegation.class, events.get(6));
        assertEquals("call_1", delegation.callId());
        assertEquals("writer", delegation.member());
        assertEquals(B, delegation.memberAgentId());
        assertEquals(A, delegation.agentId());
        assertEquals("Write it", delegation.task());
        assertEquals("An article", delegation.expectedOutput());

        RunEvent.ToolCallStarted call = assertInstanceOf(RunEvent.ToolCallStarted.class, events.get(7));
        assertEquals("t_1", call.id(), "the call's own id, not the event's");
        assertEquals("agents", call.arguments().path("query").asText());
        assertEquals("call_1", call.origin().callId());
        assertEquals(B, call.origin().memberAgentId());
        RunEvent.ToolResult result = assertInstanceOf(RunEvent.ToolResult.class, events.get(8));
        assertEquals("Agents", result.citations().get(0).title());
        assertEquals(0, result.origin().round());

        RunEvent.DelegationResult answer = assertInstanceOf(RunEvent.DelegationResult.class, events.get(9));
        assertEquals(RunEvent.DelegationOutcome.COMPLETED, answer.status());
        assertEquals("The article", answer.output());
        assertEquals(B, answer.agentId());

        RunEvent.Turn turn = assertInstanceOf(RunEvent.Turn.class, events.get(10));
        assertEquals(2, turn.turn());
        assertEquals("I agree", turn.content());

        RunEvent.Unknown unknown = assertInstanceOf(RunEvent.Unknown.class, events.get(11));
        assertEquals("vote", unknown.name());
        assertEquals("{\"turn\": 3}", unknown.data());

        RunEvent.Done done = assertInstanceOf(RunEvent.Done.class, events.get(12));
        assertEquals(RunStatus.COMPLETED, done.status());
        assertEquals("The article", done.output());
        assertEquals(2, done.currentStep());

        server.verify(getRequestedFor(urlEqualTo("/api/v1/runs/" + RUN_ID + "/events"))
                .withHeader("Accept", equalTo("text/event-stream"))
                .withoutHeader("Last-Event-ID"));
    }

    @Test
    void resumingTheStreamSendsTheLastEventIdWithTheCallersOptions() {
        serveEvents("""
                id: 33
                event: done
                data: {"status": "failed", "current_step": 1, "error": "step 2 (Write) failed: refused", "output": null, "at": "2026-12-05T10:00:09Z"}

                """);
        List<RunEvent> events = new ArrayList<>();
        try (StreamResponse<RunEvent> stream = client.runs().events(RUN_ID, "32")) {
            stream.forEach(events::add);
        }
        RunEvent.Done done = assertInstanceOf(RunEvent.Done.class, events.get(0));
        assertEquals(RunStatus.FAILED, done.status());
        assertEquals("step 2 (Write) failed: refused", done.error());
        assertEquals("33", done.eventId());
        server.verify(getRequestedFor(urlEqualTo("/api/v1/runs/" + RUN_ID + "/events")).withHeader("Last-Event-ID", equalTo("32")));

        RequestOptions options = RequestOptions.builder().header("X-Trace", "t-1").build();
        try (StreamResponse<RunEvent> stream = client.runs().events(RUN_ID, "31", options)) {
            assertEquals("33", stream.iterator().next().eventId());
        }
        server.verify(getRequestedFor(urlEqualTo("/api/v1/runs/" + RUN_ID + "/events"))
                .withHeader("Last-Event-ID", equalTo("31")).withHeader("X-Trace", equalTo("t-1")));
        assertTrue(options.headers().keySet().stream().noneMatch("Last-Event-ID"::equals), "the caller's options are not changed");
    }

    @Test
    void usageRecordsNameTheirTeamRunAndFilterByTaskOrRun() {
        UUID task = UUID.fromString("7a1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b1");
        String record = """
                {"id": "5a1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b1", "organization_id": "0f1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b9",
                 "token_id": null, "agent_id": "%s", "conversation_id": null, "message_id": null, "task_id": "%s",
                 "team_run_id": "%s", "provider": "openai", "model": "gpt-4o-mini", "prompt_tokens": 20, "completion_tokens": 4,
                 "total_tokens": 24, "estimated_cost_usd": 0.0000054, "billing_model": "per-token",
                 "created_at": "2026-12-05T10:00:02Z"}""".formatted(A, task, RUN_ID);
        server.stubFor(get(urlPathEqualTo("/api/v1/usage")).willReturn(aResponse().withStatus(200).withBody(envelope(
                "{\"items\": [" + record + "], \"next_cursor\": null, \"has_more\": false}"))));
        List<UsageRecord> records = client.usage().list(UsageParams.builder().taskId(task).teamRunId(RUN_ID).build()).items();
        assertEquals(1, records.size());
        assertEquals(RUN_ID, records.get(0).teamRunId());
        assertEquals(task, records.get(0).taskId());
        server.verify(getRequestedFor(urlPathEqualTo("/api/v1/usage"))
                .withQueryParam("task_id", equalTo(task.toString()))
                .withQueryParam("team_run_id", equalTo(RUN_ID.toString())));
    }
}
