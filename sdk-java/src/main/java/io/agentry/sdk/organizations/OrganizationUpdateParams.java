package io.agentry.sdk.organizations;

import io.agentry.sdk.core.BodyParams;

/** The body of {@code PATCH /api/v1/organizations/{id}}: name (admins), plan and rate limit (operators). */
public final class OrganizationUpdateParams extends BodyParams {

    private OrganizationUpdateParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends BodyParams.Builder<OrganizationUpdateParams, Builder> {
        public Builder name(String name) {
            return put("name", name);
        }

        public Builder plan(Plan plan) {
            return put("plan", plan);
        }

        /** Null returns the organization to its plan's limit. */
        public Builder rateLimitPerMinute(Integer rateLimitPerMinute) {
            return put("rate_limit_per_minute", rateLimitPerMinute);
        }

        @Override
        public OrganizationUpdateParams build() {
            return new OrganizationUpdateParams(this);
        }
    }
}
