package io.agentry.sdk.usage;

import io.agentry.sdk.core.ListParams;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Filters of {@code GET /api/v1/usage} and its summary, all optional and combined with AND. */
public final class UsageParams extends ListParams {

    private UsageParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ListParams.Builder<UsageParams, Builder> {
        /** From this time on (inclusive). */
        public Builder from(OffsetDateTime from) {
            return put("from", from.toString());
        }

        /** From the start of this day (UTC). */
        public Builder from(LocalDate from) {
            return put("from", from.toString());
        }

        /** Before this time (exclusive). */
        public Builder to(OffsetDateTime to) {
            return put("to", to.toString());
        }

        /** Before the start of this day (UTC). */
        public Builder to(LocalDate to) {
            return put("to", to.toString());
        }

        public Builder agentId(UUID agentId) {
            return put("agent_id", agentId.toString());
        }

        public Builder tokenId(UUID tokenId) {
            return put("token_id", tokenId.toString());
        }

        public Builder conversationId(UUID conversationId) {
            return put("conversation_id", conversationId.toString());
        }

        /**
         * Only the calls made for one task (a team's task: its run's calls).
         *
         * @param taskId the task
         * @return this builder
         */
        public Builder taskId(UUID taskId) {
            return put("task_id", taskId.toString());
        }

        /**
         * Only the calls made for one team run: its steps, lead, members or speakers.
         *
         * @param teamRunId the run
         * @return this builder
         */
        public Builder teamRunId(UUID teamRunId) {
            return put("team_run_id", teamRunId.toString());
        }

        public Builder model(String model) {
            return put("model", model);
        }

        public Builder provider(String provider) {
            return put("provider", provider);
        }

        @Override
        public UsageParams build() {
            return new UsageParams(this);
        }
    }
}
