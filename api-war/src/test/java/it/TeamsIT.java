package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Teams against the real server: each mode's configuration created, read back with its defaults
 * and members, replaced by PATCH; every kind of bad configuration refused with the field's path;
 * agents of another organization refused; an agent in a team kept from deletion; isolation.
 */
class TeamsIT {

    private static Api api;
    private static String research;
    private static String writer;
    private static String editor;

    @BeforeAll
    static void setUp() {
        api = Api.createOrg("teams").api();
        research = api.createAgent("researcher", "provider", "openai", "model", "gpt-4o-mini").path("id").asText();
        writer = api.createAgent("writer", "provider", "openai", "model", "gpt-4o-mini").path("id").asText();
        editor = api.createAgent("editor", "provider", "openai", "model", "gpt-4o-mini").path("id").asText();
    }

    private static Map<String, Object> step(String agent, Object... extra) {
        Map<String, Object> step = obj(extra);
        step.put("agent_id", agent);
        return step;
    }

    @Test
    void aPipelineAsTheSeedWritesItIsStoredWithItsDefaultsAndMembers() {
        Api.Resp created = api.post("/api/v1/teams", obj("name", "Content Pipeline", "description", "Research, write, edit",
                "mode", "pipeline", "config", obj("steps", List.of(
                        step(research, "step_name", "Research", "instructions", "Research the topic thoroughly",
                                "expected_output", "Detailed research notes", "on_failure", "retry", "max_retries", 2),
                        step(writer, "step_name", "Write"),
                        step(editor)), "auto_handoff", true))).expect(201);
        JsonNode team = created.data();
        String id = team.path("id").asText();
        assertTrue(created.header("Location").endsWith("/api/v1/teams/" + id), created.header("Location"));
        assertEquals("pipeline", team.path("mode").asText());
        JsonNode steps = team.path("config").path("steps");
        assertEquals(3, steps.size(), team.toString());
        assertEquals("retry", steps.get(0).path("on_failure").asText());
        assertEquals("Detailed research notes", steps.get(0).path("expected_output").asText());
        // defaults: stop on failure, two retries, a name from the position
        assertEquals("stop", steps.get(1).path("on_failure").asText());
        assertEquals(2, steps.get(1).path("max_retries").asInt());
        assertEquals("Step 3", steps.get(2).path("step_name").asText());
        assertEquals(List.of("researcher", "writer", "editor"), names(team.path("members")));
        assertEquals("step", team.path("members").get(0).path("role").asText());

        // the list includes members; the mode filter applies
        JsonNode listed = api.listAll("/api/v1/teams?mode=pipeline").stream()
                .filter(t -> t.path("id").asText().equals(id)).findFirst().orElseThrow();
        assertEquals(List.of("researcher", "writer", "editor"), names(listed.path("members")));
        assertTrue(api.listAll("/api/v1/teams?mode=orchestrator").stream().noneMatch(t -> t.path("id").asText().equals(id)));
        api.get("/api/v1/teams?mode=crew").expectInvalid("mode");

        // PATCH: a new config replaces the old one whole; the name alone leaves it as it was
        JsonNode renamed = api.patch("/api/v1/teams/" + id, obj("name", "Renamed")).expect(200).data();
        assertEquals(3, renamed.path("config").path("steps").size());
        JsonNode shorter = api.patch("/api/v1/teams/" + id, obj("config", obj("steps", List.of(step(editor)),
                "auto_handoff", false))).expect(200).data();
        assertEquals("Renamed", shorter.path("name").asText());
        assertEquals(false, shorter.path("config").path("auto_handoff").asBoolean());
        assertEquals(List.of("editor"), names(shorter.path("members")));
        assertEquals(List.of("editor"), names(api.get("/api/v1/teams/" + id).expect(200).data().path("members")));

        api.delete("/api/v1/teams/" + id).expect(204);
        api.get("/api/v1/teams/" + id).expectError(404, "not_found");
        assertEquals(0, Api.countRows("select count(*) from team_members where team_id = ?", java.util.UUID.fromString(id)));
    }

    @Test
    void anOrchestratorAndACollaborationAreStoredWithTheirRoles() {
        JsonNode orchestrator = api.post("/api/v1/teams", obj("name", "Editorial desk", "mode", "orchestrator",
                "config", obj("lead_agent_id", editor, "member_agent_ids", List.of(research, writer)))).expect(201).data();
        assertEquals(10, orchestrator.path("config").path("max_delegations").asInt());
        assertEquals(List.of("lead", "member", "member"), roles(orchestrator.path("members")));
        assertEquals(List.of("editor", "researcher", "writer"), names(orchestrator.path("members")));

        JsonNode collaboration = api.post("/api/v1/teams", obj("name", "Debate", "mode", "collaboration",
                "config", obj("member_agent_ids", List.of(research, writer), "speaker_selection", "facilitator",
                        "termination", "consensus", "facilitator_agent_id", editor, "max_turns", 6))).expect(201).data();
        assertEquals("facilitator", collaboration.path("config").path("speaker_selection").asText());
        assertEquals(6, collaboration.path("config").path("max_turns").asInt());
        assertEquals(List.of("member", "member", "facilitator"), roles(collaboration.path("members")));

        // a change of mode needs the new mode's config, read for that mode
        String id = orchestrator.path("id").asText();
        api.patch("/api/v1/teams/" + id, obj("mode", "pipeline")).expectInvalid("config");
        api.patch("/api/v1/teams/" + id, obj("mode", "pipeline", "config", obj("lead_agent_id", editor)))
                .expectInvalid("config.lead_agent_id");
        JsonNode now = api.patch("/api/v1/teams/" + id, obj("mode", "pipeline", "config", obj("steps", List.of(step(writer)))))
                .expect(200).data();
        assertEquals("pipeline", now.path("mode").asText());
        assertEquals(List.of("step"), roles(now.path("members")));
    }

    @Test
    void aPipelineCreatedWithoutConfigWaitsForItsSteps() {
        // the legacy API creates teams with name, description and mode only
        JsonNode team = api.post("/api/v1/teams", obj("name", "Later", "mode", "pipeline")).expect(201).data();
        assertEquals(0, team.path("members").size());
        assertTrue(team.path("config").isObject() && team.path("config").isEmpty(), team.toString());
        api.post("/api/v1/teams", obj("name", "No lead", "mode", "orchestrator")).expectInvalid("config");
    }

    @Test
    void badConfigurationsAreRefusedNamingTheField() {
        Map<String, Object[]> cases = new java.util.LinkedHashMap<>();
        cases.put("config.steps", new Object[] {"pipeline", obj("steps", List.of())});
        cases.put("config.steps[0].agent_id", new Object[] {"pipeline", obj("steps", List.of(obj("step_name", "x")))});
        cases.put("config.steps[1].on_failure", new Object[] {"pipeline",
                obj("steps", List.of(step(research), step(writer, "on_failure", "ignore")))});
        cases.put("config.steps[0].max_retries", new Object[] {"pipeline", obj("steps", List.of(step(research, "max_retries", 11)))});
        cases.put("config.steps[0].model", new Object[] {"pipeline", obj("steps", List.of(step(research, "model", "x")))});
        cases.put("config.steps[0]", new Object[] {"pipeline", obj("steps", List.of("not an object"))});
        cases.put("config.auto_handoff", new Object[] {"pipeline", obj("steps", List.of(step(research)), "auto_handoff", "yes")});
        cases.put("config.members", new Object[] {"pipeline", obj("steps", List.of(step(research)), "members", List.of())});
        cases.put("config.steps[0].agent_id#uuid", new Object[] {"pipeline", obj("steps", List.of(step("not-a-uuid")))});
        cases.put("config.lead_agent_id", new Object[] {"orchestrator", obj("member_agent_ids", List.of(writer))});
        cases.put("config.member_agent_ids", new Object[] {"orchestrator",
                obj("lead_agent_id", editor, "member_agent_ids", List.of(editor))});
        cases.put("config.member_agent_ids#empty", new Object[] {"orchestrator", obj("lead_agent_id", editor, "member_agent_ids", List.of())});
        cases.put("config.member_agent_ids[1]", new Object[] {"collaboration", obj("member_agent_ids", List.of(writer, writer))});
        cases.put("config.member_agent_ids#one", new Object[] {"collaboration", obj("member_agent_ids", List.of(writer))});
        cases.put("config.facilitator_agent_id", new Object[] {"collaboration",
                obj("member_agent_ids", List.of(writer, research), "termination", "facilitator_decision")});
        cases.put("config.max_turns", new Object[] {"collaboration", obj("member_agent_ids", List.of(writer, research), "max_turns", 0)});
        cases.put("config.speaker_selection", new Object[] {"collaboration",
                obj("member_agent_ids", List.of(writer, research), "speaker_selection", "loudest")});
        cases.put("config", new Object[] {"pipeline", "steps"});
        cases.forEach((field, c) -> {
            String expected = field.contains("#") ? field.substring(0, field.indexOf('#')) : field;
            api.post("/api/v1/teams", obj("name", "bad", "mode", c[0], "config", c[1])).expectInvalid(expected);
        });
        api.post("/api/v1/teams", obj("name", "bad", "mode", "crew", "config", obj())).expectInvalid("mode");
        api.post("/api/v1/teams", obj("mode", "pipeline")).expectInvalid("name");
        api.post("/api/v1/teams", obj("name", "x", "crew", true)).expectInvalid("crew");
        assertEquals(0, api.listAll("/api/v1/teams").stream().filter(t -> t.path("name").asText().equals("bad")).count());
    }

    @Test
    void agentsOfAnotherOrganizationCannotBeMembersAndTeamsAreInvisibleToIt() {
        Api other = Api.createOrg("teams-other").api();
        String stranger = other.createAgent("stranger", "provider", "openai", "model", "gpt-4o-mini").path("id").asText();
        api.post("/api/v1/teams", obj("name", "Mixed", "config", obj("steps", List.of(step(research), step(stranger)))))
                .expectInvalid("config.steps[1].agent_id");
        api.post("/api/v1/teams", obj("name", "Mixed", "mode", "orchestrator",
                "config", obj("lead_agent_id", stranger, "member_agent_ids", List.of(writer)))).expectInvalid("config.lead_agent_id");

        String id = api.post("/api/v1/teams", obj("name", "Mine", "config", obj("steps", List.of(step(research)))))
                .expect(201).id();
        other.get("/api/v1/teams/" + id).expectError(404, "not_found");
        other.patch("/api/v1/teams/" + id, obj("name", "taken")).expectError(404, "not_found");
        other.delete("/api/v1/teams/" + id).expectError(404, "not_found");
        assertTrue(other.listAll("/api/v1/teams").stream().noneMatch(t -> t.path("id").asText().equals(id)));
        assertEquals("Mine", api.get("/api/v1/teams/" + id).expect(200).data().path("name").asText());
        // nor hand it a task
        other.post("/api/v1/tasks", obj("title", "for your team", "assigned_team_id", id)).expectInvalid("assigned_team_id");
        // the other organization cannot sneak its team in by naming our workspace either
        api.post("/api/v1/teams", obj("name", "x", "workspace_id", other.get("/api/v1/me").expect(200).data()
                .path("workspace_id").asText())).expectInvalid("workspace_id");
    }

    @Test
    void anAgentInATeamCannotBeDeletedUntilTheTeamNoLongerNamesIt() {
        String agent = api.createAgent("member", "provider", "openai", "model", "gpt-4o-mini").path("id").asText();
        String id = api.post("/api/v1/teams", obj("name", "Holds", "config", obj("steps", List.of(step(agent)))))
                .expect(201).id();
        api.delete("/api/v1/agents/" + agent).expectError(409, "conflict");
        api.get("/api/v1/agents/" + agent).expect(200);
        api.patch("/api/v1/teams/" + id, obj("config", obj("steps", List.of(step(research))))).expect(200);
        api.delete("/api/v1/agents/" + agent).expect(204);
    }

    private static List<String> names(JsonNode members) {
        return java.util.stream.StreamSupport.stream(members.spliterator(), false).map(m -> m.path("agent_name").asText()).toList();
    }

    private static List<String> roles(JsonNode members) {
        return java.util.stream.StreamSupport.stream(members.spliterator(), false).map(m -> m.path("role").asText()).toList();
    }
}
