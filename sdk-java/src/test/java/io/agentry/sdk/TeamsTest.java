package io.agentry.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agentry.sdk.teams.Team;
import io.agentry.sdk.teams.TeamConfig;
import io.agentry.sdk.teams.TeamCreateParams;
import io.agentry.sdk.teams.TeamListParams;
import io.agentry.sdk.teams.TeamMember;
import io.agentry.sdk.teams.TeamMode;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Teams: typed configurations on the wire (only the fields set, snake_case, the mode beside), and read back. */
class TeamsTest extends WireMockSupport {

    private static final UUID TEAM_ID = UUID.fromString("8a1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b1");
    private static final UUID A = UUID.fromString("6f1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b9");
    private static final UUID B = UUID.fromString("6f1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0ba");

    private static final String TEAM = """
            {"id": "%s", "workspace_id": "0f1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b9", "name": "Content Pipeline",
             "description": null, "mode": "pipeline",
             "config": {"steps": [{"agent_id": "%s", "step_name": "Research", "instructions": "Dig",
                                   "on_failure": "retry", "max_retries": 3},
                                  {"agent_id": "%s", "step_name": "Step 2", "on_failure": "stop", "max_retries": 2}],
                        "auto_handoff": false},
             "members": [{"position": 0, "role": "step", "agent_id": "%s", "agent_name": "researcher"},
                         {"position": 1, "role": "step", "agent_id": "%s", "agent_name": "writer"}],
             "created_by": null, "created_at": "2026-12-04T10:00:00Z", "updated_at": "2026-12-04T10:00:00Z"}"""
            .formatted(TEAM_ID, A, B, A, B);

    @Test
    void aPipelineIsSentWithOnlyItsSetFieldsAndReadBackTyped() {
        server.stubFor(post(urlEqualTo("/api/v1/teams")).willReturn(aResponse().withStatus(201).withBody(envelope(TEAM))));
        Team team = client.teams().create(TeamCreateParams.builder().name("Content Pipeline").config(TeamConfig.Pipeline.of(
                TeamConfig.Step.of(A, "Research", "Dig").onFailure(TeamConfig.OnFailure.RETRY, 3),
                new TeamConfig.Step(B, null, null, null, null, null)).withAutoHandoff(false)).build());
        server.verify(postRequestedFor(urlEqualTo("/api/v1/teams")).withRequestBody(equalToJson("""
                {"name": "Content Pipeline", "mode": "pipeline",
                 "config": {"steps": [{"agent_id": "%s", "step_name": "Research", "instructions": "Dig",
                                       "on_failure": "retry", "max_retries": 3}, {"agent_id": "%s"}],
                            "auto_handoff": false}}""".formatted(A, B))));
        assertEquals(TeamMode.PIPELINE, team.mode());
        TeamConfig.Pipeline config = (TeamConfig.Pipeline) team.typedConfig();
        assertEquals(TeamConfig.OnFailure.STOP, config.steps().get(1).onFailure());
        assertEquals("Step 2", config.steps().get(1).stepName());
        assertNull(config.steps().get(1).instructions());
        assertEquals(TeamMember.Role.STEP, team.members().get(1).role());
        assertEquals("writer", team.members().get(1).agentName());
    }

    @Test
    void otherModesAndUnknownValuesFromANewerServer() {
        server.stubFor(post(urlEqualTo("/api/v1/teams")).willReturn(aResponse().withStatus(201).withBody(envelope(TEAM))));
        client.teams().create(TeamCreateParams.builder().name("Debate").config(TeamConfig.Collaboration.of(A, B)
                .withSpeakerSelection(TeamConfig.SpeakerSelection.FACILITATOR).withFacilitator(A)
                .withTermination(TeamConfig.Termination.CONSENSUS, 6)).build());
        server.verify(postRequestedFor(urlEqualTo("/api/v1/teams")).withRequestBody(equalToJson("""
                {"name": "Debate", "mode": "collaboration",
                 "config": {"member_agent_ids": ["%s", "%s"], "speaker_selection": "facilitator",
                            "termination": "consensus", "facilitator_agent_id": "%s", "max_turns": 6}}""".formatted(A, B, A))));

        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody(envelope(
                TEAM.replace("\"mode\": \"pipeline\"", "\"mode\": \"swarm\"").replace("\"role\": \"step\"", "\"role\": \"critic\"")))));
        Team team = client.teams().retrieve(TEAM_ID);
        assertEquals(TeamMode.UNKNOWN, team.mode());
        assertNull(team.typedConfig());
        assertEquals(TeamMember.Role.UNKNOWN, team.members().get(0).role());
        assertThrows(IllegalStateException.class, () -> TeamCreateParams.builder().build());
        assertThrows(IllegalArgumentException.class, () -> TeamListParams.builder().mode(TeamMode.UNKNOWN));
    }
}
