package io.agentry.sdk.teams;

import io.agentry.sdk.core.BodyParams;
import io.agentry.sdk.core.Json;

/**
 * The body of {@code POST /api/v1/teams}: a name and a {@link TeamConfig} (which sets the mode).
 * A pipeline may be created without one and configured later.
 */
public final class TeamCreateParams extends BodyParams {

    private TeamCreateParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends TeamFields<TeamCreateParams, Builder> {
        @Override
        public TeamCreateParams build() {
            if (!has("name")) {
                throw new IllegalStateException("name is required");
            }
            return new TeamCreateParams(this);
        }
    }

    /** The fields create and update share. */
    abstract static class TeamFields<P, B extends TeamFields<P, B>> extends BodyParams.Builder<P, B> {
        /** Up to 200 characters. */
        public B name(String name) {
            return put("name", name);
        }

        /** Up to 2,000 characters; null clears it on update. */
        public B description(String description) {
            return put("description", description);
        }

        /** The configuration, and with it the mode; on update it replaces the old configuration whole. */
        public B config(TeamConfig config) {
            put("mode", Json.wire(config.mode()));
            return put("config", config);
        }
    }
}
