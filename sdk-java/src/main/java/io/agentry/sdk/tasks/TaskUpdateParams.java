package io.agentry.sdk.tasks;

import io.agentry.sdk.core.BodyParams;

/**
 * The body of {@code PATCH /api/v1/tasks/{id}}: only the fields set change. Setting
 * {@code description}, {@code assignedAgentId} or {@code assignedTeamId} to null clears it;
 * assigning an agent to a pending task dispatches it.
 */
public final class TaskUpdateParams extends BodyParams {

    private TaskUpdateParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends TaskCreateParams.TaskFields<TaskUpdateParams, Builder> {
        /**
         * Cancels the task in the same request ({@code "status": "cancelled"}, the only status a
         * PATCH may set; {@link TaskService#retry} runs it again).
         */
        public Builder cancel() {
            return put("status", "cancelled");
        }

        @Override
        public TaskUpdateParams build() {
            return new TaskUpdateParams(this);
        }
    }
}
