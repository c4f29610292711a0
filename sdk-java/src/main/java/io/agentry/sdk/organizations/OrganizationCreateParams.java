package io.agentry.sdk.organizations;

import io.agentry.sdk.core.BodyParams;

/** The body of {@code POST /api/v1/organizations} (operators only: the system scope). */
public final class OrganizationCreateParams extends BodyParams {

    private OrganizationCreateParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends BodyParams.Builder<OrganizationCreateParams, Builder> {
        public Builder name(String name) {
            return put("name", name);
        }

        public Builder plan(Plan plan) {
            return put("plan", plan);
        }

        public Builder rateLimitPerMinute(Integer rateLimitPerMinute) {
            return put("rate_limit_per_minute", rateLimitPerMinute);
        }

        /** The owner, found by email or created. */
        public Builder ownerEmail(String ownerEmail) {
            return put("owner_email", ownerEmail);
        }

        public Builder ownerName(String ownerName) {
            return put("owner_name", ownerName);
        }

        @Override
        public OrganizationCreateParams build() {
            if (!has("name")) {
                throw new IllegalStateException("name is required");
            }
            return new OrganizationCreateParams(this);
        }
    }
}
