package io.agentry.sdk.runs;

import io.agentry.sdk.core.BodyParams;
import java.util.UUID;

/** The body of {@code POST /api/v1/runs}: the team, and the task it is to work on. Both are required. */
public final class RunStartParams extends BodyParams {

    private RunStartParams(Builder b) {
        super(b);
    }

    /**
     * A builder; {@link Builder#teamId} and {@link Builder#inputTask} must be set.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds the body of a run's start. */
    public static final class Builder extends BodyParams.Builder<RunStartParams, Builder> {

        private Builder() {
        }

        /**
         * The team that works on the task; its configuration is copied into the run.
         *
         * @param teamId one of the organization's teams
         * @return this builder
         */
        public Builder teamId(UUID teamId) {
            return put("team_id", teamId);
        }

        /**
         * What the team is to work on: every pipeline step gets it, the lead gets it, a
         * collaboration discusses it.
         *
         * @param inputTask up to 100,000 characters, not blank
         * @return this builder
         */
        public Builder inputTask(String inputTask) {
            return put("input_task", inputTask);
        }

        /**
         * The body.
         *
         * @return the params to pass to {@link RunService#start(RunStartParams)}
         * @throws IllegalStateException without a team or an input task
         */
        @Override
        public RunStartParams build() {
            if (!has("team_id")) {
                throw new IllegalStateException("teamId is required");
            }
            if (!has("input_task")) {
                throw new IllegalStateException("inputTask is required");
            }
            return new RunStartParams(this);
        }
    }
}
