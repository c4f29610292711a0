package io.agentry.teams;

import io.agentry.agents.AgentService;
import io.agentry.http.ApiException;
import io.agentry.http.JsonInput;
import io.agentry.http.auth.Caller;
import java.util.Set;

/** Team bodies as the wire has them, read into the service's operations. */
public final class TeamInput {

    public static final Set<String> FIELDS = Set.of("name", "description", "mode", "config", "workspace_id", "organization_id");

    private TeamInput() {
    }

    /**
     * A new team. Without {@code config} a pipeline waits for its steps (the legacy API creates
     * teams that way); the other modes need theirs at once.
     */
    public record NewTeam(String name, String description, TeamMode mode, TeamConfig config) {
    }

    /** A PATCH: each field null when not sent; a new {@code config} replaces the old one whole. */
    public record Change(String name, String description, boolean clearDescription, TeamMode mode, TeamConfig config) {
    }

    public static NewTeam create(Caller caller, JsonInput input) {
        input.allowOnly(FIELDS);
        AgentService.checkOrganization(caller, input);
        input.rejectNull("name", "mode", "config");
        TeamMode mode = input.has("mode") ? input.enumValue("mode", TeamMode.class) : TeamMode.PIPELINE;
        TeamConfig config = input.has("config") ? TeamConfig.read(mode, input.nested("config")) : null;
        if (config == null && mode != TeamMode.PIPELINE) {
            throw ApiException.invalid("config", "is required for mode " + mode.wire());
        }
        return new NewTeam(input.requiredText("name", 200), input.text("description", 2000), mode, config);
    }

    /** Reads a PATCH; a new mode needs its config, which is then read for the mode the team will have. */
    public static Change change(Caller caller, JsonInput input, TeamMode current) {
        input.allowOnly(FIELDS);
        AgentService.checkOrganization(caller, input);
        input.rejectNull("name", "mode", "config");
        TeamMode mode = input.enumValue("mode", TeamMode.class);
        if (mode != null && mode != current && !input.has("config")) {
            throw ApiException.invalid("config", "is required when the mode changes");
        }
        TeamConfig config = input.has("config") ? TeamConfig.read(mode != null ? mode : current, input.nested("config")) : null;
        return new Change(input.has("name") ? input.requiredText("name", 200) : null, input.text("description", 2000),
                input.has("description") && input.text("description", 2000) == null, mode, config);
    }
}
