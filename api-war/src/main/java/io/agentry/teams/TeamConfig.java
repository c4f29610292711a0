package io.agentry.teams;

import io.agentry.http.ApiException;
import io.agentry.http.Ids;
import io.agentry.http.JsonInput;
import io.agentry.http.WireEnum;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A team's configuration for its mode, validated as it is read: unknown keys, bad values and
 * empty step or member lists are a 400 naming the field by its path. The agents it names are the
 * team's members; that they belong to the caller's organization is checked by the service.
 */
public sealed interface TeamConfig permits TeamConfig.Pipeline, TeamConfig.Orchestrator, TeamConfig.Collaboration {

    int MAX_AGENTS = 20;
    int MAX_TEXT = 20_000;

    /** Every agent the configuration names, in order, with the field that names it. */
    List<Member> members();

    /** The configuration as stored and shown, defaults filled in. */
    JsonObject toJson();

    /** An agent of the team: its role and where the configuration names it. */
    record Member(UUID agentId, Role role, String field) {
    }

    enum Role implements WireEnum {
        STEP, LEAD, MEMBER, FACILITATOR
    }

    /** What a pipeline does when a step fails. */
    enum OnFailure implements WireEnum {
        RETRY, SKIP, STOP
    }

    enum SpeakerSelection implements WireEnum {
        ROUND_ROBIN, LLM_SELECT, FACILITATOR
    }

    enum Termination implements WireEnum {
        MAX_TURNS, CONSENSUS, FACILITATOR_DECISION
    }

    record Step(UUID agentId, String name, String instructions, String expectedOutput, OnFailure onFailure, int maxRetries) {
    }

    /** Steps in order; {@code autoHandoff} false pauses the run after each step for review. */
    record Pipeline(List<Step> steps, boolean autoHandoff) implements TeamConfig {

        static Pipeline read(JsonInput in) {
            in.allowOnly(Set.of("steps", "auto_handoff"));
            in.rejectNull("auto_handoff");
            List<JsonInput> items = in.objects("steps", 1, MAX_AGENTS);
            List<Step> steps = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                JsonInput s = items.get(i);
                s.allowOnly(Set.of("agent_id", "step_name", "instructions", "expected_output", "on_failure", "max_retries"));
                s.rejectNull("agent_id", "on_failure", "max_retries");
                String name = s.text("step_name", 200);
                OnFailure onFailure = s.enumValue("on_failure", OnFailure.class);
                Integer retries = s.integer("max_retries", 0, 10);
                steps.add(new Step(agent(s, "agent_id"), name == null || name.isBlank() ? "Step " + (i + 1) : name.strip(),
                        s.text("instructions", MAX_TEXT), s.text("expected_output", MAX_TEXT),
                        onFailure == null ? OnFailure.STOP : onFailure, retries == null ? 2 : retries));
            }
            Boolean handoff = in.bool("auto_handoff");
            return new Pipeline(List.copyOf(steps), handoff == null || handoff);
        }

        @Override
        public List<Member> members() {
            List<Member> members = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                members.add(new Member(steps.get(i).agentId(), Role.STEP, "config.steps[" + i + "].agent_id"));
            }
            return members;
        }

        @Override
        public JsonObject toJson() {
            JsonArrayBuilder array = Json.createArrayBuilder();
            for (Step s : steps) {
                JsonObjectBuilder step = Json.createObjectBuilder().add("agent_id", s.agentId().toString())
                        .add("step_name", s.name());
                optional(step, "instructions", s.instructions());
                optional(step, "expected_output", s.expectedOutput());
                array.add(step.add("on_failure", s.onFailure().wire()).add("max_retries", s.maxRetries()));
            }
            return Json.createObjectBuilder().add("steps", array).add("auto_handoff", autoHandoff).build();
        }
    }

    /** A lead agent that delegates to its members, at most {@code maxDelegations} times per run. */
    record Orchestrator(UUID leadAgentId, List<UUID> memberAgentIds, int maxDelegations) implements TeamConfig {

        static Orchestrator read(JsonInput in) {
            in.allowOnly(Set.of("lead_agent_id", "member_agent_ids", "max_delegations"));
            in.rejectNull("max_delegations");
            UUID lead = agent(in, "lead_agent_id");
            List<UUID> members = agents(in, "member_agent_ids", 1);
            if (members.contains(lead)) {
                throw ApiException.invalid(in.field("member_agent_ids"), "must not include the lead agent (no self-delegation)");
            }
            Integer max = in.integer("max_delegations", 1, 100);
            return new Orchestrator(lead, members, max == null ? 10 : max);
        }

        @Override
        public List<Member> members() {
            List<Member> members = new ArrayList<>(List.of(new Member(leadAgentId, Role.LEAD, "config.lead_agent_id")));
            for (int i = 0; i < memberAgentIds.size(); i++) {
                members.add(new Member(memberAgentIds.get(i), Role.MEMBER, "config.member_agent_ids[" + i + "]"));
            }
            return members;
        }

        @Override
        public JsonObject toJson() {
            return Json.createObjectBuilder().add("lead_agent_id", leadAgentId.toString())
                    .add("member_agent_ids", ids(memberAgentIds)).add("max_delegations", maxDelegations).build();
        }
    }

    /**
     * Members taking turns in one transcript, the speaker chosen by {@code speakerSelection},
     * until {@code termination} or {@code maxTurns}; a facilitator is required when it chooses or decides.
     */
    record Collaboration(List<UUID> memberAgentIds, SpeakerSelection speakerSelection, Termination termination,
                         UUID facilitatorAgentId, int maxTurns) implements TeamConfig {

        static Collaboration read(JsonInput in) {
            in.allowOnly(Set.of("member_agent_ids", "speaker_selection", "termination", "facilitator_agent_id", "max_turns"));
            in.rejectNull("speaker_selection", "termination", "max_turns");
            List<UUID> members = agents(in, "member_agent_ids", 2);
            SpeakerSelection selection = in.enumValue("speaker_selection", SpeakerSelection.class);
            Termination termination = in.enumValue("termination", Termination.class);
            selection = selection == null ? SpeakerSelection.ROUND_ROBIN : selection;
            termination = termination == null ? Termination.MAX_TURNS : termination;
            UUID facilitator = in.text("facilitator_agent_id", 36) == null ? null : agent(in, "facilitator_agent_id");
            if (facilitator == null && (selection == SpeakerSelection.FACILITATOR || termination == Termination.FACILITATOR_DECISION)) {
                throw ApiException.invalid(in.field("facilitator_agent_id"),
                        "is required with speaker_selection facilitator or termination facilitator_decision");
            }
            Integer turns = in.integer("max_turns", 1, 100);
            return new Collaboration(members, selection, termination, facilitator, turns == null ? 10 : turns);
        }

        @Override
        public List<Member> members() {
            List<Member> members = new ArrayList<>();
            for (int i = 0; i < memberAgentIds.size(); i++) {
                members.add(new Member(memberAgentIds.get(i), Role.MEMBER, "config.member_agent_ids[" + i + "]"));
            }
            if (facilitatorAgentId != null) {
                members.add(new Member(facilitatorAgentId, Role.FACILITATOR, "config.facilitator_agent_id"));
            }
            return members;
        }

        @Override
        public JsonObject toJson() {
            JsonObjectBuilder json = Json.createObjectBuilder().add("member_agent_ids", ids(memberAgentIds))
                    .add("speaker_selection", speakerSelection.wire()).add("termination", termination.wire());
            if (facilitatorAgentId != null) {
                json.add("facilitator_agent_id", facilitatorAgentId.toString());
            }
            return json.add("max_turns", maxTurns).build();
        }
    }

    /** A configuration as stored (by {@link #toJson}) read back; null for a pipeline not given its steps yet. */
    public static TeamConfig stored(TeamMode mode, String json) {
        if (json == null || json.isBlank() || json.strip().equals("{}")) {
            return null;
        }
        return read(mode, JsonInput.read(new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    /** Reads {@code config} (the JSON object under that name) for {@code mode}. */
    static TeamConfig read(TeamMode mode, JsonInput config) {
        return switch (mode) {
            case PIPELINE -> Pipeline.read(config);
            case ORCHESTRATOR -> Orchestrator.read(config);
            case COLLABORATION -> Collaboration.read(config);
        };
    }

    private static UUID agent(JsonInput in, String name) {
        return Ids.parse(in.field(name), in.requiredText(name, 36));
    }

    /** Distinct agent ids: unlike a list of tags, a repeated member is refused, not merged. */
    private static List<UUID> agents(JsonInput in, String name, int min) {
        if (in.uuidList(name, MAX_AGENTS) == null || !(in.raw(name) instanceof JsonArray array) || array.size() < min) {
            throw ApiException.invalid(in.field(name), "must name at least " + min + " agent" + (min == 1 ? "" : "s"));
        }
        List<UUID> ids = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            UUID id = Ids.parse(in.field(name) + "[" + i + "]", array.getString(i).strip());
            if (!seen.add(id)) {
                throw ApiException.invalid(in.field(name) + "[" + i + "]", "names the same agent twice");
            }
            ids.add(id);
        }
        return List.copyOf(ids);
    }

    private static JsonArrayBuilder ids(List<UUID> ids) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        ids.forEach(id -> array.add(id.toString()));
        return array;
    }

    private static void optional(JsonObjectBuilder json, String name, String value) {
        if (value != null) {
            json.add(name, value);
        }
    }
}
