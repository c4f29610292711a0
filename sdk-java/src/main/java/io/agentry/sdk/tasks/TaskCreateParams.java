package io.agentry.sdk.tasks;

import io.agentry.sdk.core.BodyParams;
import io.agentry.sdk.core.Json;
import java.util.Map;
import java.util.UUID;

/**
 * The body of {@code POST /api/v1/tasks}. Only {@code title} is required; with an assigned agent
 * or team the task is dispatched at once, without either it waits, pending, for one to be assigned.
 */
public final class TaskCreateParams extends BodyParams {

    private TaskCreateParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends TaskFields<TaskCreateParams, Builder> {
        @Override
        public TaskCreateParams build() {
            if (!has("title")) {
                throw new IllegalStateException("title is required");
            }
            return new TaskCreateParams(this);
        }
    }

    /** The fields create and update share. */
    abstract static class TaskFields<P, B extends TaskFields<P, B>> extends BodyParams.Builder<P, B> {
        /** Up to 500 characters; the agent reads it as its instructions (with the description). */
        public B title(String title) {
            return put("title", title);
        }

        public B description(String description) {
            return put("description", description);
        }

        /** Left out on create: {@link TaskPriority#MEDIUM}. */
        public B priority(TaskPriority priority) {
            if (priority == TaskPriority.UNKNOWN) {
                throw new IllegalArgumentException("UNKNOWN is not a priority to send");
            }
            return put("priority", Json.wire(priority));
        }

        /** The agent that runs it: assigning one dispatches a pending task. A task has an agent or a team, not both. */
        public B assignedAgentId(UUID agentId) {
            return put("assigned_agent_id", agentId);
        }

        /**
         * One of the organization's teams instead of an agent: a team run (see {@code client.runs()})
         * serves the task, which follows it (running, then completed with the run's output as its
         * result, failed or cancelled); cancelling the task cancels the run. Assigning one
         * dispatches a pending task.
         *
         * @param teamId one of the organization's teams; null clears it on update
         * @return this builder
         */
        public B assignedTeamId(UUID teamId) {
            return put("assigned_team_id", teamId);
        }

        /** Your own data, kept with the task and sent in its webhook messages; replaces the object on update. */
        public B metadata(Map<String, ?> metadata) {
            return put("metadata", metadata);
        }
    }
}
