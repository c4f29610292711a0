package io.agentry.tasks;

import io.agentry.agents.AgentService;
import io.agentry.http.ApiException;
import io.agentry.http.Ids;
import io.agentry.http.JsonInput;
import io.agentry.http.WireEnum;
import io.agentry.http.auth.Caller;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Set;
import java.util.UUID;

/** Task bodies as the wire has them, read into the service's operations. */
public final class TaskInput {

    public static final Set<String> FIELDS = Set.of("title", "description", "priority", "status", "assigned_agent_id",
            "assigned_team_id", "agent_id", "metadata", "workspace_id", "organization_id");
    static final int MAX_DESCRIPTION = 100_000;
    static final int MAX_METADATA = 16_384;

    private TaskInput() {
    }

    /** A new task; unassigned it stays pending. */
    public record NewTask(String title, String description, TaskPriority priority, UUID agentId, UUID teamId,
                          String metadataJson) {
    }

    /** A PATCH: each field null when not sent; {@code clear...} when sent as null. */
    public record Change(String title, String description, boolean clearDescription, TaskPriority priority,
                         UUID agentId, boolean clearAgent, UUID teamId, boolean clearTeam, String metadataJson,
                         boolean cancel) {
    }

    public static NewTask create(Caller caller, JsonInput input) {
        input.allowOnly(FIELDS);
        AgentService.checkOrganization(caller, input);
        input.rejectNull("title", "priority", "metadata", "status");
        if (input.has("status")) {
            String status = input.requiredText("status", 20);
            if (!status.equals(TaskStatus.PENDING.wire())) {
                throw ApiException.invalid("status", "a new task is pending (dispatched at once when an agent is assigned)");
            }
        }
        UUID agent = agent(input);
        UUID team = id(input, "assigned_team_id");
        if (agent != null && team != null) {
            throw ApiException.invalid("assigned_team_id", "a task goes to an agent or to a team, not both");
        }
        return new NewTask(input.requiredText("title", 500), input.text("description", MAX_DESCRIPTION),
                input.has("priority") ? priority(input) : TaskPriority.MEDIUM, agent, team, metadata(input));
    }

    public static Change change(Caller caller, JsonInput input) {
        input.allowOnly(FIELDS);
        AgentService.checkOrganization(caller, input);
        input.rejectNull("title", "priority", "metadata", "status");
        boolean cancel = false;
        if (input.has("status")) {
            String status = input.requiredText("status", 20);
            if (!status.equals(TaskStatus.CANCELLED.wire())) {
                throw ApiException.invalid("status", "can only be set to cancelled (POST /api/v1/tasks/{id}/retry runs a "
                        + "failed or cancelled task again)");
            }
            cancel = true;
        }
        String agentField = input.has("assigned_agent_id") ? "assigned_agent_id" : "agent_id";
        UUID agent = agent(input);
        UUID team = id(input, "assigned_team_id");
        if (agent != null && team != null) {
            throw ApiException.invalid("assigned_team_id", "a task goes to an agent or to a team, not both");
        }
        return new Change(input.has("title") ? input.requiredText("title", 500) : null,
                input.text("description", MAX_DESCRIPTION), isNull(input, "description"),
                input.has("priority") ? priority(input) : null,
                agent, isNull(input, agentField), team, isNull(input, "assigned_team_id"), metadata(input), cancel);
    }

    /** The CrewForm v2 seed names it assigned_agent_id, the legacy one agent_id: either works. */
    private static UUID agent(JsonInput input) {
        if (input.has("assigned_agent_id") && input.has("agent_id")) {
            throw ApiException.invalid("agent_id", "send assigned_agent_id or agent_id, not both");
        }
        return id(input, input.has("agent_id") ? "agent_id" : "assigned_agent_id");
    }

    private static UUID id(JsonInput input, String field) {
        String text = input.text(field, 36);
        return text == null ? null : Ids.parse(field, text);
    }

    private static boolean isNull(JsonInput input, String field) {
        return input.has(field) && input.raw(field) == JsonValue.NULL;
    }

    /** The four priorities, and the legacy API's "critical" for urgent. */
    static TaskPriority priority(JsonInput input) {
        String text = input.requiredText("priority", 20);
        return "critical".equals(text) ? TaskPriority.URGENT : WireEnum.parse("priority", TaskPriority.class, text);
    }

    private static String metadata(JsonInput input) {
        JsonObject metadata = input.object("metadata", MAX_METADATA);
        return metadata == null ? null : metadata.toString();
    }

    /** List filters, each optional. */
    public record Filter(TaskStatus status, TaskPriority priority, UUID agentId, UUID teamId) {
    }

    public static Filter filter(String status, String priority, String agentId, String teamId) {
        return new Filter(status == null ? null : WireEnum.parse("status", TaskStatus.class, status),
                priority == null ? null : "critical".equals(priority) ? TaskPriority.URGENT
                        : WireEnum.parse("priority", TaskPriority.class, priority),
                agentId == null ? null : Ids.parse("assigned_agent_id", agentId),
                teamId == null ? null : Ids.parse("assigned_team_id", teamId));
    }
}
