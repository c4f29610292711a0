package io.agentry.sdk.organizations;

import io.agentry.sdk.core.BodyParams;

/** The body of {@code POST /api/v1/organizations/{id}/members}. */
public final class MemberAddParams extends BodyParams {

    private MemberAddParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends BodyParams.Builder<MemberAddParams, Builder> {
        /** The person, found by email or created. */
        public Builder email(String email) {
            return put("email", email);
        }

        /** Used when the person is new. */
        public Builder name(String name) {
            return put("name", name);
        }

        /** Left out: member. */
        public Builder role(Role role) {
            return put("role", role);
        }

        @Override
        public MemberAddParams build() {
            if (!has("email")) {
                throw new IllegalStateException("email is required");
            }
            return new MemberAddParams(this);
        }
    }
}
