package io.agentry.sdk.teams;

import io.agentry.sdk.core.Json;
import io.agentry.sdk.core.ListParams;

/** Filters of {@code GET /api/v1/teams}; newest first. */
public final class TeamListParams extends ListParams {

    private TeamListParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ListParams.Builder<TeamListParams, Builder> {
        /** Teams of this mode; null removes the filter. */
        public Builder mode(TeamMode mode) {
            if (mode == TeamMode.UNKNOWN) {
                throw new IllegalArgumentException("UNKNOWN is not a mode to filter by");
            }
            return put("mode", Json.wire(mode));
        }

        @Override
        public TeamListParams build() {
            return new TeamListParams(this);
        }
    }
}
