package io.agentry.sdk.runs;

import io.agentry.sdk.core.Json;
import io.agentry.sdk.core.ListParams;
import java.util.UUID;

/** Filters of {@code GET /api/v1/runs}, all optional and combined with AND; newest first. */
public final class RunListParams extends ListParams {

    private RunListParams(Builder b) {
        super(b);
    }

    /**
     * A builder with no filter set.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds the filters and page size of a run listing. */
    public static final class Builder extends ListParams.Builder<RunListParams, Builder> {

        private Builder() {
        }

        /**
         * Only the runs of one team.
         *
         * @param teamId the team; null removes the filter
         * @return this builder
         */
        public Builder teamId(UUID teamId) {
            return put("team_id", teamId == null ? null : teamId.toString());
        }

        /**
         * Only the runs in one status, e.g. {@link RunStatus#PAUSED}: those waiting for a review.
         *
         * @param status the status; null removes the filter
         * @return this builder
         * @throws IllegalArgumentException for {@link RunStatus#UNKNOWN}
         */
        public Builder status(RunStatus status) {
            if (status == RunStatus.UNKNOWN) {
                throw new IllegalArgumentException("UNKNOWN is not a status to filter by");
            }
            return put("status", Json.wire(status));
        }

        /**
         * The filters.
         *
         * @return the params to pass to {@link RunService#list(io.agentry.sdk.core.ListParams)}
         */
        @Override
        public RunListParams build() {
            return new RunListParams(this);
        }
    }
}
