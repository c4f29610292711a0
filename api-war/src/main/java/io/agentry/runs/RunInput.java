package io.agentry.runs;

import io.agentry.agents.AgentService;
import io.agentry.http.Ids;
import io.agentry.http.JsonInput;
import io.agentry.http.WireEnum;
import io.agentry.http.auth.Caller;
import java.util.Set;
import java.util.UUID;

/** Run bodies and filters as the wire has them. */
public final class RunInput {

    static final int MAX_INPUT = 100_000;

    private RunInput() {
    }

    /** {@code POST /runs}: the team and what it is to work on. */
    public record NewRun(UUID teamId, String inputTask) {
    }

    /** {@code GET /runs} filters, each null when not given. */
    public record Filter(UUID teamId, RunStatus status) {
    }

    public static NewRun create(Caller caller, JsonInput input) {
        input.allowOnly(Set.of("team_id", "input_task", "workspace_id", "organization_id"));
        AgentService.checkOrganization(caller, input);
        UUID team = Ids.parse("team_id", input.requiredText("team_id", 36));
        String task = input.requiredText("input_task", MAX_INPUT);
        if (task.isBlank()) {
            throw io.agentry.http.ApiException.invalid("input_task", "must not be blank");
        }
        return new NewRun(team, task);
    }

    /** {@code POST /runs/{id}/resume}: optionally the output the next step receives instead of the last step's. */
    public static String resumeOutput(JsonInput input) {
        if (input == null) {
            return null;
        }
        input.allowOnly(Set.of("output"));
        input.rejectNull("output");
        return input.text("output", MAX_INPUT);
    }

    public static Filter filter(String teamId, String status) {
        return new Filter(teamId == null ? null : Ids.parse("team_id", teamId),
                status == null ? null : WireEnum.parse("status", RunStatus.class, status));
    }
}
