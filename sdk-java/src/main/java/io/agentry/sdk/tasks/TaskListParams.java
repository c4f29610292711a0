package io.agentry.sdk.tasks;

import io.agentry.sdk.core.Json;
import io.agentry.sdk.core.ListParams;
import java.util.UUID;

/** Filters of {@code GET /api/v1/tasks}, all optional and combined with AND; newest first. */
public final class TaskListParams extends ListParams {

    private TaskListParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ListParams.Builder<TaskListParams, Builder> {
        /** Null removes the filter. */
        public Builder status(TaskStatus status) {
            if (status == TaskStatus.UNKNOWN) {
                throw new IllegalArgumentException("UNKNOWN is not a status to filter by");
            }
            return put("status", Json.wire(status));
        }

        /** Null removes the filter. */
        public Builder priority(TaskPriority priority) {
            if (priority == TaskPriority.UNKNOWN) {
                throw new IllegalArgumentException("UNKNOWN is not a priority to filter by");
            }
            return put("priority", Json.wire(priority));
        }

        /** Tasks of this agent; null removes the filter. */
        public Builder assignedAgentId(UUID agentId) {
            return put("assigned_agent_id", agentId == null ? null : agentId.toString());
        }

        /** Tasks of this team; null removes the filter. */
        public Builder assignedTeamId(UUID teamId) {
            return put("assigned_team_id", teamId == null ? null : teamId.toString());
        }

        @Override
        public TaskListParams build() {
            return new TaskListParams(this);
        }
    }
}
