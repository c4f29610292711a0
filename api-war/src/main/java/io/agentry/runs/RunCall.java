package io.agentry.runs;

import io.agentry.http.WireEnum;
import java.util.UUID;

/**
 * One tool call of an orchestrator's lead, as a row of {@code team_run_calls}: a delegation to
 * a member ({@code memberAgentId} set, run as its own job) or one of the lead's own tools. The
 * first call of a round also keeps the text the lead said with its calls.
 */
public record RunCall(UUID id, UUID runId, int round, int position, String callId, String name, String arguments,
                      String leadText, UUID memberAgentId, Status status, String result) {

    public enum Status implements WireEnum {
        QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED;

        public boolean isFinal() {
            return this == COMPLETED || this == FAILED || this == CANCELLED;
        }
    }

    public boolean isDelegation() {
        return memberAgentId != null;
    }
}
