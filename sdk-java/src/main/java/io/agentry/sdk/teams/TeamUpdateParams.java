package io.agentry.sdk.teams;

import io.agentry.sdk.core.BodyParams;

/** The body of {@code PATCH /api/v1/teams/{id}}: only the fields set change. */
public final class TeamUpdateParams extends BodyParams {

    private TeamUpdateParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends TeamCreateParams.TeamFields<TeamUpdateParams, Builder> {
        @Override
        public TeamUpdateParams build() {
            return new TeamUpdateParams(this);
        }
    }
}
