package io.agentry.sdk.teams;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.UUID;

/**
 * A team's configuration, one type per {@link TeamMode}. Fields left null take the server's
 * defaults, which {@link Team} shows once stored. Every agent must be the organization's own.
 */
public sealed interface TeamConfig permits TeamConfig.Pipeline, TeamConfig.Orchestrator, TeamConfig.Collaboration {

    @JsonIgnore
    TeamMode mode();

    /**
     * Steps in order (1-20). {@code autoHandoff} false pauses a run after each step until it is
     * resumed, so a person can review; null: true.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Pipeline(List<Step> steps, Boolean autoHandoff) implements TeamConfig {

        public static Pipeline of(Step... steps) {
            return new Pipeline(List.of(steps), null);
        }

        public Pipeline withAutoHandoff(boolean autoHandoff) {
            return new Pipeline(steps, autoHandoff);
        }

        @Override
        public TeamMode mode() {
            return TeamMode.PIPELINE;
        }
    }

    /**
     * One step of a pipeline. Null fields: the name "Step n", no instructions or expected output,
     * {@link OnFailure#STOP}, 2 retries.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Step(UUID agentId, String stepName, String instructions, String expectedOutput, OnFailure onFailure,
                Integer maxRetries) {

        public static Step of(UUID agentId, String stepName, String instructions) {
            return new Step(agentId, stepName, instructions, null, null, null);
        }

        public Step withExpectedOutput(String expectedOutput) {
            return new Step(agentId, stepName, instructions, expectedOutput, onFailure, maxRetries);
        }

        /** What happens when the step fails; {@code maxRetries} (0-10) counts for {@link OnFailure#RETRY}. */
        public Step onFailure(OnFailure onFailure, int maxRetries) {
            return new Step(agentId, stepName, instructions, expectedOutput, onFailure, maxRetries);
        }
    }

    enum OnFailure {
        /** Run the step again, with growing waits, up to its retries; then the run fails. */
        @JsonProperty("retry") RETRY,
        /** Go on without the step's output (recorded in the run). */
        @JsonProperty("skip") SKIP,
        /** The run fails; later steps never run. */
        @JsonProperty("stop") STOP,
        /** A value added by a newer server. */
        @JsonEnumDefaultValue UNKNOWN
    }

    /**
     * A lead agent that gets one delegation tool per member (1-20, not the lead itself), at most
     * {@code maxDelegations} (1-100; null: 10) delegations per run.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Orchestrator(UUID leadAgentId, List<UUID> memberAgentIds, Integer maxDelegations) implements TeamConfig {

        public static Orchestrator of(UUID leadAgentId, UUID... memberAgentIds) {
            return new Orchestrator(leadAgentId, List.of(memberAgentIds), null);
        }

        public Orchestrator withMaxDelegations(int maxDelegations) {
            return new Orchestrator(leadAgentId, memberAgentIds, maxDelegations);
        }

        @Override
        public TeamMode mode() {
            return TeamMode.ORCHESTRATOR;
        }
    }

    /**
     * Members (2-20) taking turns in one transcript. Null fields: {@link SpeakerSelection#ROUND_ROBIN},
     * {@link Termination#MAX_TURNS}, 10 turns (1-100). A facilitator is required with
     * {@link SpeakerSelection#FACILITATOR} or {@link Termination#FACILITATOR_DECISION}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Collaboration(List<UUID> memberAgentIds, SpeakerSelection speakerSelection, Termination termination,
                         UUID facilitatorAgentId, Integer maxTurns) implements TeamConfig {

        public static Collaboration of(UUID... memberAgentIds) {
            return new Collaboration(List.of(memberAgentIds), null, null, null, null);
        }

        public Collaboration withSpeakerSelection(SpeakerSelection speakerSelection) {
            return new Collaboration(memberAgentIds, speakerSelection, termination, facilitatorAgentId, maxTurns);
        }

        public Collaboration withTermination(Termination termination, int maxTurns) {
            return new Collaboration(memberAgentIds, speakerSelection, termination, facilitatorAgentId, maxTurns);
        }

        public Collaboration withFacilitator(UUID facilitatorAgentId) {
            return new Collaboration(memberAgentIds, speakerSelection, termination, facilitatorAgentId, maxTurns);
        }

        @Override
        public TeamMode mode() {
            return TeamMode.COLLABORATION;
        }
    }

    enum SpeakerSelection {
        @JsonProperty("round_robin") ROUND_ROBIN,
        /** A model picks the next speaker. */
        @JsonProperty("llm_select") LLM_SELECT,
        @JsonProperty("facilitator") FACILITATOR,
        /** A value added by a newer server. */
        @JsonEnumDefaultValue UNKNOWN
    }

    enum Termination {
        @JsonProperty("max_turns") MAX_TURNS,
        /** At least half of the last speakers agree. */
        @JsonProperty("consensus") CONSENSUS,
        @JsonProperty("facilitator_decision") FACILITATOR_DECISION,
        /** A value added by a newer server. */
        @JsonEnumDefaultValue UNKNOWN
    }
}
